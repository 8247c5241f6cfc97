package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.EncodingException;
import dev.montage.core.WorkerProcesses;
import dev.montage.core.internal.OwnedTempDir;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker pools a host's {@link WorkerProcesses} keeps between jobs: one per native memory limit
 * (jobs of one output size share workers; a worker's limit is fixed when it starts), writing crash
 * reports into a directory of their own, which closing removes with the workers. One daemon thread
 * ends the workers idle for the handle's {@link WorkerProcesses#keepIdle()}, looking four times per
 * keep (at least every 30 s); it starts with the first pool and ends on close, or by itself once
 * these pools became garbage without being closed (it holds them weakly).
 */
public final class SharedWorkerPools implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedWorkerPools.class);
  /** How often the idle workers are looked at: four times per keep, between these bounds. */
  private static final long MIN_LOOK_MILLIS = 50;
  private static final long MAX_LOOK_MILLIS = 30_000;
  /** How long close waits for an idle worker being ended to exit (its grace period and a kill fit). */
  private static final long END_WAIT_SECONDS = 15;

  private final Map<Long, WorkerPool> pools = new HashMap<>();
  private final Duration keepIdle;
  private @Nullable ScheduledExecutorService reaper;
  private @Nullable OwnedTempDir crashDir;
  private boolean closed;

  private SharedWorkerPools(Duration keepIdle) {
    this.keepIdle = keepIdle;
  }

  /** The pool of {@code processes} whose workers may each hold {@code nativeBytes} natively. */
  public static WorkerPool of(WorkerProcesses processes, long nativeBytes) {
    return processes.attached(SharedWorkerPools.class, () -> new SharedWorkerPools(processes.keepIdle()))
        .pool(nativeBytes);
  }

  private synchronized WorkerPool pool(long nativeBytes) {
    if (closed) {
      throw new IllegalStateException("these worker processes are closed");
    }
    OwnedTempDir dir = crashDir;
    if (dir == null) {
      try {
        dir = OwnedTempDir.create(Path.of(System.getProperty("java.io.tmpdir")), "montage-workers-");
      } catch (IOException e) {
        throw EncodingException.failed(-1, Path.of(System.getProperty("java.io.tmpdir")),
            "creating the worker processes' directory failed", e);
      }
      crashDir = dir;
    }
    if (reaper == null) {
      reaper = startReaper();
    }
    Path reports = dir.dir();
    return pools.computeIfAbsent(nativeBytes, bytes -> new WorkerPool(reports, bytes));
  }

  private ScheduledExecutorService startReaper() {
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread reaping = new Thread(task, "montage-idle-workers");
      reaping.setDaemon(true);
      return reaping;
    });
    long look = keepIdle.compareTo(Duration.ofMillis(MAX_LOOK_MILLIS * 4)) >= 0 ? MAX_LOOK_MILLIS
        : Math.max(MIN_LOOK_MILLIS, keepIdle.toMillis() / 4);
    WeakReference<SharedWorkerPools> pools = new WeakReference<>(this);
    thread.scheduleWithFixedDelay(() -> {
      SharedWorkerPools alive = pools.get();
      if (alive == null) {
        thread.shutdown(); // the handle was dropped without close(): nothing left to look after
      } else {
        alive.retireIdle();
      }
    }, look, look, TimeUnit.MILLISECONDS);
    return thread;
  }

  private static void awaitEnd(ScheduledExecutorService thread) {
    try {
      if (!thread.awaitTermination(END_WAIT_SECONDS, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt(); // the caller's interrupt stays; the workers are still closed below
    }
  }

  /** Ends every pool's workers idle for the keep; a failure is logged and the next look tries again. */
  private void retireIdle() {
    List<WorkerPool> open;
    synchronized (this) {
      open = new ArrayList<>(pools.values());
    }
    long now = System.nanoTime();
    for (WorkerPool pool : open) {
      try {
        pool.retireIdle(now, keepIdle);
      } catch (RuntimeException e) {
        // Nothing waits on this thread: a failure to end an idle worker must not stop later looks.
        LOG.warn("ending idle worker processes failed; trying again in a while", e);
      }
    }
  }

  /** Ends every worker and removes the crash reports' directory. */
  @Override
  public void close() throws IOException {
    List<WorkerPool> open;
    OwnedTempDir dir;
    ScheduledExecutorService thread;
    synchronized (this) {
      closed = true;
      thread = reaper;
      reaper = null;
      open = new ArrayList<>(pools.values());
      pools.clear();
      dir = crashDir;
      crashDir = null;
    }
    if (thread != null) {
      // A worker the thread is ending right now is no longer in its pool: wait for it to be gone.
      thread.shutdown();
      awaitEnd(thread);
    }
    for (WorkerPool pool : open) {
      pool.close();
    }
    if (dir != null) {
      dir.close();
    }
  }
}
