package dev.montage.testkit.internal;

import dev.montage.testkit.SyntheticMediaException;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One directory of synthetic files per JVM. Each spec is written once: the first caller runs the
 * write, later callers wait on the same future (outside any map lock, so slow 4K writes do not block
 * other specs). A failed write is forgotten so the next call tries again.
 */
public final class SyntheticCache {

  private static final class Holder {
    static final SyntheticCache INSTANCE = new SyntheticCache(
        Path.of(System.getProperty("java.io.tmpdir"), "montage-testkit-cache-" + ProcessHandle.current().pid()));
  }

  private final Path directory;
  private final ConcurrentMap<SyntheticSpec, FutureTask<Path>> files = new ConcurrentHashMap<>();

  private SyntheticCache(Path directory) {
    this.directory = directory;
    Runtime.getRuntime().addShutdownHook(new Thread(this::deleteAll, "montage-testkit-cache-cleanup"));
  }

  /** The JVM-wide cache. */
  public static SyntheticCache instance() {
    return Holder.INSTANCE;
  }

  /** The directory holding the cached files. */
  public Path directory() {
    return directory;
  }

  /** The file for {@code spec}, written on first request. */
  public Path get(SyntheticSpec spec) {
    FutureTask<Path> task = files.get(spec);
    if (task == null) {
      FutureTask<Path> mine = new FutureTask<>(() -> writeAtomically(spec));
      task = files.putIfAbsent(spec, mine);
      if (task == null) {
        task = mine;
        mine.run();
      }
    }
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SyntheticMediaException.writeFailed(directory.resolve(spec.fileName()), "interrupted while waiting", e);
    } catch (ExecutionException | CancellationException e) {
      files.remove(spec, task);
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof SyntheticMediaException) {
        throw (SyntheticMediaException) cause;
      }
      throw SyntheticMediaException.writeFailed(directory.resolve(spec.fileName()), spec.toString(), cause);
    }
  }

  private Path writeAtomically(SyntheticSpec spec) throws IOException {
    Files.createDirectories(directory);
    Path target = directory.resolve(spec.fileName());
    // The temp name keeps the extension: FFmpeg picks the container from it.
    Path partial = directory.resolve("partial-" + Thread.currentThread().getId() + "-" + spec.fileName());
    MediaWriter.write(partial, spec);
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  private void deleteAll() {
    try {
      PathTrees.deleteRecursively(directory);
    } catch (IOException e) {
      // A shutdown hook has nobody to throw to; say what is left behind.
      System.err.println("montage-testkit: could not delete cache " + directory + ": " + e);
    }
  }
}
