package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.EncodingException;
import dev.montage.core.WorkerProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker pools a host's {@link WorkerProcesses} keeps between jobs: one per native memory limit
 * (jobs of one output size share workers; a worker's limit is fixed when it starts), writing crash
 * reports into a directory of their own, which closing removes with the workers. One daemon thread
 * ends the workers idle for the handle's {@link WorkerProcesses#keepIdle()}, looking a few times per
 * keep (at least every 30 s); it starts with the first pool and ends on close.
 */
public final class SharedWorkerPools implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedWorkerPools.class);
  /** How often the idle workers are looked at: four times per keep, between these bounds. */
  private static final long MIN_LOOK_MILLIS = 50;
  private static final long MAX_LOOK_MILLIS = 30_000;

  private final Map<Long, WorkerPool> pools = new HashMap<>();
  private final Duration keepIdle;
  private @Nullable ScheduledExecutorService reaper;
  private @Nullable Path crashDir;
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
    Path dir = crashDir;
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("montage-workers-");
      } catch (IOException e) {
        throw EncodingException.failed(-1, Path.of(System.getProperty("java.io.tmpdir")),
            "creating the worker processes' directory failed", e);
      }
      crashDir = dir;
    }
    if (reaper == null) {
      reaper = startReaper();
    }
    Path reports = dir;
    return pools.computeIfAbsent(nativeBytes, bytes -> new WorkerPool(reports, bytes));
  }

  private ScheduledExecutorService startReaper() {
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread reaping = new Thread(task, "montage-idle-workers");
      reaping.setDaemon(true);
      return reaping;
    });
    long look = Math.max(MIN_LOOK_MILLIS, Math.min(MAX_LOOK_MILLIS, keepIdle.toMillis() / 4));
    thread.scheduleWithFixedDelay(this::retireIdle, look, look, TimeUnit.MILLISECONDS);
    return thread;
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
    Path dir;
    synchronized (this) {
      closed = true;
      ScheduledExecutorService thread = reaper;
      if (thread != null) {
        thread.shutdownNow();
        reaper = null;
      }
      open = new ArrayList<>(pools.values());
      pools.clear();
      dir = crashDir;
      crashDir = null;
    }
    for (WorkerPool pool : open) {
      pool.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
