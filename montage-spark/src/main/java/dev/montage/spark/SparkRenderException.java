package dev.montage.spark;

import dev.montage.core.MontageException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The cluster, not a segment, failed the render: Spark gave up on a task after
 * {@code spark.task.maxFailures} attempts (lost executors, a class or native library missing on the
 * executors), or the job's work directory is not on the shared volume. A segment's own failure (a
 * corrupt source, a full disk) is never wrapped in this: it reaches the caller as the
 * {@link MontageException} the segment threw.
 */
public final class SparkRenderException extends MontageException {

  private static final long serialVersionUID = 1L;

  private SparkRenderException(String message, @Nullable Path file, @Nullable Throwable cause) {
    super(message, -1, file, cause);
  }

  /** The Spark job of job group {@code group} failed for a reason outside the segments. */
  public static SparkRenderException jobFailed(String group, Throwable cause) {
    return new SparkRenderException("the Spark job rendering the segments (job group " + group
        + ") failed" + causeMessage(cause) + "; check the executors' logs (lost executors, a class or native"
        + " library missing from the job's jars)", null, cause);
  }

  /** The work directory {@code workDir} is not under the shared directory {@code sharedDir}. */
  public static SparkRenderException notShared(Path workDir, Path sharedDir) {
    return new SparkRenderException("the job's work directory " + workDir + " is not under the shared directory "
        + sharedDir + " that the executors see; a renderer that honours SegmentExecutor.workRoot() puts it"
        + " there", workDir, null);
  }

  private static String causeMessage(Throwable cause) {
    String text = cause.getMessage();
    return ": " + (text == null || text.isBlank() ? cause.getClass().getSimpleName() : firstLine(text));
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
