package dev.montage.testkit.internal;

import dev.montage.testkit.LeakCheck;
import dev.montage.testkit.LeakDetectedError.Finding;
import dev.montage.testkit.LeakDetectedError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The job temp directories handed to one test. Stored in the test's extension store, so JUnit
 * closes it when the test's context ends: that checks (unless the leak-check extension already
 * did) and deletes every directory.
 */
public final class JobTempDirs implements AutoCloseable {

  private final String testName;
  private final List<Path> directories = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean verdictGiven;

  /** Directories for the test called {@code testName}. */
  public JobTempDirs(String testName) {
    this.testName = testName;
  }

  /** Creates and remembers a new empty directory. */
  public Path create() {
    try {
      Path directory = Files.createTempDirectory("montage-job-");
      directories.add(directory);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a job temp dir for " + testName, e);
    }
  }

  /** The finding for files left in any directory, or {@code null} when all are empty. */
  public @Nullable Finding strayFiles() {
    StringBuilder text = new StringBuilder();
    int count = 0;
    for (Path directory : directories) {
      List<Path> left;
      try {
        left = PathTrees.contents(directory);
      } catch (IOException e) {
        throw new UncheckedIOException("could not list job temp dir " + directory, e);
      }
      if (!left.isEmpty()) {
        count += left.size();
        List<String> names = new ArrayList<>();
        for (Path path : left) {
          names.add(directory.relativize(path) + (Files.isDirectory(path) ? "/" : ""));
        }
        text.append("\n    ").append(directory).append(": ").append(names);
      }
    }
    if (count == 0) {
      return null;
    }
    return new Finding(LeakCheck.TEMP_FILES, count + (count == 1 ? " entry" : " entries")
        + " left in the job temp dir; the renderer must delete its temporary files, also when a"
        + " job fails or is cancelled:" + text);
  }

  /** Records that the leak-check extension judged these directories, so closing only deletes. */
  public void verdictGiven() {
    verdictGiven = true;
  }

  /**
   * Deletes every directory; if nobody judged them and one was not empty, fails with
   * {@link LeakDetectedError} after deleting.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Finding stray = verdictGiven ? null : strayFiles();
    IOException failure = null;
    for (Path directory : directories) {
      try {
        PathTrees.deleteRecursively(directory);
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (stray != null) {
      LeakDetectedError error = LeakDetectedError.of(testName, List.of(stray));
      if (failure != null) {
        error.addSuppressed(failure);
      }
      throw error;
    }
    if (failure != null) {
      throw new UncheckedIOException("could not delete job temp dirs of " + testName, failure);
    }
  }
}
