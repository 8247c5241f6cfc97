package dev.montage.core;

import dev.montage.core.spi.SharedResources;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Worker processes that many {@link Isolation#PROCESS isolated} renders share. Without it, each job
 * starts its own child JVMs (about a second each) and ends them with the job; a host that renders
 * job after job (a service rendering uploads) creates one of these, passes it to every run with
 * {@link RunOptions.Builder#workerProcesses}, and closes it when it shuts down, which ends the
 * processes. Between jobs they wait idle; one idle for {@link #keepIdle()} (five minutes unless
 * {@link #create(Duration)} says otherwise) is ended at the next look (four per keep, at least one
 * every 30 s), and the next job that needs one starts it again: a host that rendered a burst holds
 * no child JVMs through a quiet night. A crashed one is replaced as in a job of its own. Thread-safe; jobs rendering at once each
 * get workers of their own.
 *
 * <pre>{@code
 * try (WorkerProcesses workers = WorkerProcesses.create()) {
 *   RunOptions options = RunOptions.builder().workerProcesses(workers).build();
 *   for (MontageJob job : uploads) {
 *     job.render(options);
 *   }
 * }
 * }</pre>
 */
public final class WorkerProcesses implements AutoCloseable {

  /** How long an idle process waits for the next job unless {@link #create(Duration)} says otherwise. */
  public static final Duration DEFAULT_KEEP_IDLE = Duration.ofMinutes(5);

  private final SharedResources pools = new SharedResources();
  private final Duration keepIdle;
  private volatile boolean closed;

  private WorkerProcesses(Duration keepIdle) {
    this.keepIdle = keepIdle;
  }

  /**
   * A new, empty set of worker processes: nothing starts until an isolated render needs it; an idle
   * one exits after {@link #DEFAULT_KEEP_IDLE}.
   */
  public static WorkerProcesses create() {
    return new WorkerProcesses(DEFAULT_KEEP_IDLE);
  }

  /**
   * A new, empty set of worker processes whose idle ones exit after {@code keepIdle} without a call;
   * a keep of centuries ({@code ChronoUnit.FOREVER.getDuration()}) keeps them until {@link #close}.
   *
   * @throws IllegalArgumentException when {@code keepIdle} is not positive
   */
  public static WorkerProcesses create(Duration keepIdle) {
    Objects.requireNonNull(keepIdle, "keepIdle");
    if (keepIdle.isNegative() || keepIdle.isZero()) {
      throw new IllegalArgumentException("keepIdle must be positive but was " + keepIdle);
    }
    return new WorkerProcesses(keepIdle);
  }

  /** How long an idle process waits for the next call before it exits. */
  public Duration keepIdle() {
    return keepIdle;
  }

  /**
   * For renderers: their own pool of processes kept with this handle, of {@code type}, made by
   * {@code create} on first use and closed by {@link #close}.
   *
   * @throws IllegalStateException once closed
   */
  public <T extends AutoCloseable> T attached(Class<T> type, Supplier<? extends T> create) {
    if (closed) {
      throw new IllegalStateException("these worker processes are closed");
    }
    return pools.get(type, create);
  }

  /**
   * Ends every process (each finishes the call it is in, if any, and exits); renders still using
   * them fail. Closing again does nothing.
   *
   * @throws IllegalStateException when a renderer's pool failed to close (its cause attached)
   */
  @Override
  public void close() {
    closed = true;
    pools.close();
  }
}
