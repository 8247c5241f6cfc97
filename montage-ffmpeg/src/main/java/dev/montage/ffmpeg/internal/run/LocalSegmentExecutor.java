package dev.montage.ffmpeg.internal.run;

import dev.montage.core.RenderCancelledException;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default {@link SegmentExecutor}: a bounded pool of threads named {@code montage-segment-<n>}
 * created per call and always shut down before returning. Plans are submitted as workers free up,
 * so at most {@code parallelism} segments hold native state at once. After the first failure no
 * further plan starts and running ones are awaited (bounded) so no file is still open when the
 * caller cleans up; the renderer's task sets its abort flag on failure, which stops them between
 * frames. An interrupt of the caller interrupts the workers.
 */
public final class LocalSegmentExecutor implements SegmentExecutor {

  private static final AtomicInteger THREADS = new AtomicInteger();
  /** How long to wait for running segments to notice an abort. */
  static final long STOP_WAIT_SECONDS = 60;

  /** A fresh executor; it holds no threads between calls. */
  public LocalSegmentExecutor() {}

  @Override
  public <P extends Serializable, R> List<R> executeAll(List<P> plans, int parallelism, SegmentTask<P, R> task) {
    int workers = Math.max(1, Math.min(parallelism, plans.size()));
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "montage-segment-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    ExecutorService pool = Executors.newFixedThreadPool(workers, factory);
    CompletionService<Indexed<R>> completion = new ExecutorCompletionService<>(pool);
    List<R> results = new ArrayList<>(plans.size());
    for (int i = 0; i < plans.size(); i++) {
      results.add(null);
    }
    List<Future<Indexed<R>>> futures = new ArrayList<>();
    int submitted = 0;
    int finished = 0;
    RuntimeException failure = null;
    try {
      while (submitted < workers) {
        futures.add(submit(completion, plans, submitted++, task));
      }
      while (finished < submitted) {
        Future<Indexed<R>> done = completion.take();
        finished++;
        try {
          Indexed<R> result = done.get();
          results.set(result.index(), result.value());
        } catch (ExecutionException e) {
          failure = merge(failure, unwrap(e));
        } catch (CancellationException e) {
          failure = merge(failure, RenderCancelledException.byInterrupt(e));
        }
        if (failure == null && submitted < plans.size()) {
          futures.add(submit(completion, plans, submitted++, task));
        }
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      failure = merge(failure, RenderCancelledException.byInterrupt(e));
    } finally {
      shutdown(pool);
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  private static <P, R> Future<Indexed<R>> submit(
      CompletionService<Indexed<R>> completion, List<P> plans, int index, SegmentTask<P, R> task) {
    return completion.submit(() -> new Indexed<>(index, task.run(plans.get(index))));
  }

  private static RuntimeException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException("segment failed", cause);
  }

  /** The first real failure wins; aborts caused by it are dropped, others suppressed. */
  private static RuntimeException merge(RuntimeException first, RuntimeException next) {
    if (first == null || first instanceof RenderGuard.JobAbortedException) {
      if (first != null && !(next instanceof RenderGuard.JobAbortedException)) {
        return next;
      }
      return first == null ? next : first;
    }
    if (!(next instanceof RenderGuard.JobAbortedException) && next != first) {
      first.addSuppressed(next);
    }
    return first;
  }

  private static void shutdown(ExecutorService pool) {
    pool.shutdown();
    boolean interrupted = false;
    try {
      if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        pool.shutdownNow();
        pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      interrupted = true;
      pool.shutdownNow();
      try {
        // Segment threads hold files; give them a bounded moment to let go before cleanup.
        pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException again) {
        interrupted = true;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private record Indexed<R>(int index, R value) {}
}
