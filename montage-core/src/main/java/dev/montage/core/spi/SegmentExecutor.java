package dev.montage.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides where and how many segments render at once. Tasks are {@link SegmentTask} values, so an
 * executor may run them on a local pool (the renderer's default) or in other processes (a cluster)
 * by serialising them and calling {@link SegmentTask#run} there.
 *
 * <p>What an implementation must provide:
 * <ul>
 *   <li>every task run once to success (a failed attempt may be retried: tasks overwrite their own
 *       files), with at most {@code parallelism} running at once;
 *   <li>each task given a {@link SegmentEnvironment} whose {@link SegmentEnvironment#workDir()} is
 *       {@code driver.workDir()} as a path the task's process can write and the driver can read
 *       (a shared volume), and whose progress reaches {@code driver.framesDone} (at least once per
 *       task) and whose {@link SegmentEnvironment#cancelled()} turns true once
 *       {@code driver.cancelled()} does or another task failed; resources it builds through
 *       {@link SegmentEnvironment#shared} closed when it ends;
 *   <li>results returned in task order when all succeeded; on the first failure no new task
 *       started, running ones stopped and awaited, and that failure rethrown as the task threw it
 *       (a {@link dev.montage.core.MontageException}, unwrapped from any transport), later failures
 *       suppressed; an interrupt honoured by stopping and restoring the flag.
 * </ul>
 */
public interface SegmentExecutor {

  /**
   * Runs every task with at most {@code parallelism} at once.
   *
   * @param driver the job's side: work directory, progress, cancellation, shared resources
   * @return one result per task, in the order of {@code tasks}
   */
  List<SegmentResult> execute(List<? extends SegmentTask> tasks, int parallelism, SegmentEnvironment driver);

  /**
   * Where the renderer must create the job's work directory so that this executor's workers can
   * reach it: a shared volume for an executor that runs tasks in other processes or on other
   * machines. Empty (the default) means the job's {@code tempDir}.
   */
  default Optional<Path> workRoot() {
    return Optional.empty();
  }

  /**
   * How many segments this executor runs at once, when it decides that itself (a cluster's task
   * slots): the renderer then plans that many concurrent segments instead of sizing them for the
   * driver's machine, unless the job sets {@code workers} explicitly. Empty (the default): the
   * renderer sizes for its own machine and passes that as {@code parallelism}.
   */
  default OptionalInt slots() {
    return OptionalInt.empty();
  }

  /**
   * The CPUs one running segment may use on this executor's workers (a cluster's
   * {@code spark.task.cpus}), so the encoder gets that many threads; empty (the default): the
   * driver's CPUs shared among its segments.
   */
  default OptionalInt cpusPerSlot() {
    return OptionalInt.empty();
  }
}
