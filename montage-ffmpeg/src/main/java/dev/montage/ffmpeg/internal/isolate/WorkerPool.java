package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.EncodingException;
import dev.montage.core.MediaInfo;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.SourceMediaException;
import dev.montage.core.spi.SegmentTask;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.worker.IsolatedCall;
import dev.montage.ffmpeg.internal.worker.WorkerProcess;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker processes of one job: started on first need, reused call after call, replaced after a
 * crash, all ended by {@link #close}. A call whose worker dies is tried once more in a fresh worker
 * (the crash may have been the machine's: the OOM killer, an operator's kill); a second crash is
 * the input's doing and fails with {@link SourceMediaException#crashed} naming the clip, the file and
 * the signal, while the host carries on. A worker that sends nothing for the call's stall budget is
 * killed, and the call fails at once with {@link RenderTimeoutException} (a stalled source stalls
 * again). Thread-safe: each caller gets a worker of its own.
 */
public final class WorkerPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

  private final Path crashDir;
  private final long nativeBytes;
  /** Idle workers, the most recently used first (borrowed first; the last is the first to retire). */
  private final Deque<Idle> idle = new ArrayDeque<>();
  private final List<WorkerProcess> all = new ArrayList<>();
  /** How many of the started workers' pids {@link #pids()} keeps. */
  static final int PIDS_KEPT = 1024;

  private final List<Long> pids = new ArrayList<>();
  private boolean closed;

  /**
   * A pool whose workers may each hold {@code nativeBytes} of native memory (a segment's frames,
   * decoders and encoder) and write their crash reports into {@code crashDir} (the job's temp dir).
   */
  public WorkerPool(Path crashDir, long nativeBytes) {
    this.crashDir = crashDir;
    this.nativeBytes = nativeBytes;
  }

  /**
   * Does {@code call} in a worker process; see the class comment for crashes.
   *
   * @throws dev.montage.core.MontageException the call's own typed failure, or the crash's
   */
  public Serializable run(IsolatedCall call, Path workDir, LongConsumer progress, BooleanSupplier cancelled,
      Duration stallBudget) {
    WorkerProcess.Crash first = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      WorkerProcess worker = borrow(workDir);
      try {
        Serializable value = worker.call(call, workDir, progress, cancelled, stallBudget);
        giveBack(worker);
        return value;
      } catch (WorkerProcess.Crash crash) {
        discard(worker);
        Duration stalled = crash.stalledFor();
        if (stalled != null) {
          throw RenderTimeoutException.stalled(call.what(), call.clipAt(crash.framesDone()),
              call.fileAt(crash.framesDone()), stalled, stallBudget);
        }
        if (first == null) {
          first = crash;
          LOG.warn("worker process {} died ({}) on clip {} ({}); trying once more in a fresh one", worker.pid(),
              crash.signal(), call.clipAt(crash.framesDone()), call.fileAt(crash.framesDone()));
        } else {
          SourceMediaException failure = SourceMediaException.crashed(call.clipAt(crash.framesDone()),
              call.fileAt(crash.framesDone()), crash.signal());
          failure.addSuppressed(first);
          failure.addSuppressed(crash);
          throw failure;
        }
      } catch (RuntimeException | Error e) {
        if (worker.answered()) {
          giveBack(worker); // the call's own typed failure: the worker is idle and healthy
        } else {
          discard(worker); // failed on this side mid-call (a progress listener): its answer is still coming
        }
        throw e;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** {@code task} as a task whose {@link SegmentTask#run} renders it in one of this pool's workers. */
  public SegmentTask isolate(SegmentTask task) {
    return new IsolatedSegment(task, this);
  }

  /**
   * Probes {@code source} (first used by clip {@code clipIndex}) in a worker, opened with
   * {@code decoding}, stopped as stalled after {@code stallBudget}.
   */
  public MediaInfo probe(Path source, int clipIndex, Decoding decoding, Path workDir, BooleanSupplier cancelled,
      Duration stallBudget) {
    ProbeCall.Facts facts = (ProbeCall.Facts) run(new ProbeCall(source.toString(), clipIndex, decoding), workDir,
        frames -> { }, cancelled, stallBudget);
    return facts.info();
  }

  /**
   * Decodes the music bed as {@code call} says in a worker, stopped as stalled after
   * {@code stallBudget}; returns the sample frames written.
   */
  public long decodeMusic(MusicCall call, Path workDir, BooleanSupplier cancelled, Duration stallBudget) {
    return (Long) run(call, workDir, frames -> { }, cancelled, stallBudget);
  }

  /** The process ids of the workers this pool started, in order: the latest {@value #PIDS_KEPT}. */
  public synchronized List<Long> pids() {
    return List.copyOf(pids);
  }

  private WorkerProcess borrow(Path workDir) {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the worker pool is closed");
      }
      Idle waiting;
      while ((waiting = idle.poll()) != null) {
        WorkerProcess worker = waiting.worker();
        if (worker.alive()) {
          return worker;
        }
        // Died while idle (the OOM killer, an operator): replaced without using up a call's retry.
        all.remove(worker);
        worker.close();
      }
    }
    try {
      WorkerProcess started = WorkerProcess.start(crashDir, nativeBytes);
      synchronized (this) {
        all.add(started);
        pids.add(started.pid());
        if (pids.size() > PIDS_KEPT) {
          pids.remove(0); // a service's shared pool restarts workers after every quiet spell
        }
        if (closed) {
          started.close();
          throw new IllegalStateException("the worker pool is closed");
        }
      }
      return started;
    } catch (IOException e) {
      throw EncodingException.failed(-1, workDir, "starting a worker process failed", e);
    }
  }

  private synchronized void giveBack(WorkerProcess worker) {
    if (closed) {
      worker.close();
    } else {
      idle.push(new Idle(worker, System.nanoTime()));
    }
  }

  /**
   * Ends the workers idle for {@code keep} or longer at {@code nowNanos} (a {@link System#nanoTime}
   * reading); busy ones and those used more recently stay. Returns how many were ended.
   */
  public int retireIdle(long nowNanos, Duration keep) {
    // A keep of centuries (a host's "never") saturates instead of overflowing.
    long keepNanos = keep.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : keep.toNanos();
    List<WorkerProcess> retired = new ArrayList<>();
    synchronized (this) {
      Idle oldest;
      while ((oldest = idle.peekLast()) != null && nowNanos - oldest.sinceNanos() >= keepNanos) {
        idle.pollLast();
        all.remove(oldest.worker());
        retired.add(oldest.worker());
      }
    }
    for (WorkerProcess worker : retired) {
      LOG.debug("worker process {} idle for {} or more: ended", worker.pid(), keep);
      worker.close();
    }
    return retired.size();
  }

  /** A worker waiting for a call since {@code sinceNanos}. */
  private record Idle(WorkerProcess worker, long sinceNanos) {}

  private synchronized void discard(WorkerProcess worker) {
    all.remove(worker);
    worker.close();
  }

  /** Ends every worker (each exits when its input closes, or is killed after a grace period). */
  @Override
  public void close() {
    List<WorkerProcess> workers;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      workers = new ArrayList<>(all);
      all.clear();
      idle.clear();
    }
    for (WorkerProcess worker : workers) {
      worker.close();
    }
  }
}
