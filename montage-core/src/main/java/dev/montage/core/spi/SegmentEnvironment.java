package dev.montage.core.spi;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where segment tasks run, as a task sees it: the work directory its files go to, progress out,
 * cancellation in, and resources the tasks running here may share. The renderer gives its
 * {@link SegmentExecutor} the driver's environment; an executor that runs tasks elsewhere builds one
 * per worker with the same work directory (a path visible on the driver and every worker).
 */
public interface SegmentEnvironment {

  /** The job's work directory: tasks resolve their file names against it. */
  Path workDir();

  /** Reports {@code frames} more output frames written; may be called from any thread. */
  void framesDone(long frames);

  /** Whether the job was cancelled or has failed elsewhere: a running task stops between frames. */
  boolean cancelled();

  /**
   * The resource of type {@code type} shared by the tasks running in this environment, created by
   * {@code create} on first use and closed by whoever owns the environment when it ends (the
   * renderer for the driver's; the executor for the environments it builds). Thread-safe.
   */
  <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create);
}
