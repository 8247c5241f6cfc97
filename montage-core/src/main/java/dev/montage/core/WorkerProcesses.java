package dev.montage.core;

import dev.montage.core.spi.SharedResources;
import java.util.function.Supplier;

/**
 * Worker processes that many {@link Isolation#PROCESS isolated} renders share. Without it, each job
 * starts its own child JVMs (about a second each) and ends them with the job; a host that renders
 * job after job (a service rendering uploads) creates one of these, passes it to every run with
 * {@link RunOptions.Builder#workerProcesses}, and closes it when it shuts down, which ends the
 * processes. Between jobs they wait idle; a crashed one is replaced as in a job of its own.
 * Thread-safe; jobs rendering at once each get workers of their own.
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

  private final SharedResources pools = new SharedResources();
  private volatile boolean closed;

  private WorkerProcesses() {}

  /** A new, empty set of worker processes: nothing starts until an isolated render needs it. */
  public static WorkerProcesses create() {
    return new WorkerProcesses();
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
