package dev.montage.ffmpeg.internal.execute;

import dev.montage.core.OutputException;
import dev.montage.core.internal.OwnedTempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's temporary files: one directory under the job's temp dir plus any file registered beside
 * the output. Removed on {@link #close()} (success, failure, cancellation), by a shutdown hook if the
 * JVM exits mid-job, and, if the process is killed outright, by the next job in the same temp dir
 * ({@link OwnedTempDir}). A failure to delete is logged with the path, never thrown over the real
 * error.
 */
public final class TempScope implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TempScope.class);
  private static final Set<TempScope> LIVE = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK = new AtomicBoolean();

  private final OwnedTempDir owned;
  private final Set<Path> extra = ConcurrentHashMap.newKeySet();
  private final AtomicInteger names = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  private TempScope(OwnedTempDir owned) {
    this.owned = owned;
  }

  /**
   * Creates the job's directory under {@code parent} (created if missing).
   *
   * @throws OutputException when it cannot be created
   */
  public static TempScope create(Path parent) {
    try {
      TempScope scope = new TempScope(OwnedTempDir.create(parent, "montage-job-"));
      installHook();
      LIVE.add(scope);
      return scope;
    } catch (IOException e) {
      throw OutputException.cannotWrite(parent, e, "choose a writable temp dir with tempDir(...)");
    }
  }

  private static void installHook() {
    if (HOOK.compareAndSet(false, true)) {
      Thread hook = new Thread(() -> LIVE.forEach(TempScope::close), "montage-temp-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
    }
  }

  /** The scope's directory. */
  public Path dir() {
    return owned.dir();
  }

  /** A new file name in the scope's directory (not created). */
  public Path newFile(String prefix, String suffix) {
    return owned.dir().resolve(String.format("%s-%05d%s", prefix, names.incrementAndGet(), suffix));
  }

  /** Registers a hidden {@code .part} file outside the directory (the output before its move) for deletion. */
  public Path register(Path file) {
    extra.add(file);
    owned.noteOutside(file);
    return file;
  }

  /** The registered files a later job would delete if this process were killed before closing. */
  public List<Path> recordedForAKill() {
    return owned.notedParts();
  }

  /** Forgets a registered file (after it was moved into place). */
  public void release(Path file) {
    extra.remove(file);
  }

  /** Deletes everything; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LIVE.remove(this);
    for (Path file : extra) {
      delete(file);
    }
    owned.close();
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot delete temp file {}: {}", path, e.toString());
    }
  }
}
