package dev.montage.core.policy;

/** How many worker threads render segments in parallel, from the CPU count. */
@FunctionalInterface
public interface ThreadSizing {

  /** Upper bound on workers: FFmpeg work is largely I/O- and codec-bound, more threads only cost memory. */
  int MAX_WORKERS = 8;
  /** CPU count assumed when the real one is unknown (reported as 0 or less). */
  int ASSUMED_CPUS = 4;

  /** The default: {@link #ioWorkers}, one worker per CPU up to a cap. */
  ThreadSizing DEFAULT = ThreadSizing::ioWorkers;

  /**
   * Workers for a machine with {@code cpuCount} CPUs.
   *
   * @return at least 1
   */
  int workers(int cpuCount);

  /** The default policy: {@code min(cpuCount, 8)}, with 4 assumed when {@code cpuCount <= 0}. */
  static int ioWorkers(int cpuCount) {
    int cpus = cpuCount <= 0 ? ASSUMED_CPUS : cpuCount;
    return Math.min(cpus, MAX_WORKERS);
  }
}
