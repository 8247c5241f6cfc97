package dev.montage.ffmpeg.internal.execute;

import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderLimit;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.ffmpeg.internal.media.Failures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link SegmentExecutor}: a bounded pool of threads named {@code montage-segment-<n>}
 * created per call and always shut down before returning. Tasks run through their own entry point,
 * {@link SegmentTask#run}, in the driver's environment: the same code a remote worker runs. They are
 * submitted as workers free up, so at most {@code parallelism} segments hold native state at once.
 * After the first failure no further task starts, the environment reports the others cancelled so
 * they stop between frames, and they are awaited (bounded) so no file is still open when the caller
 * cleans up; their cancellations are dropped, the first failure is thrown with later real ones
 * suppressed. An interrupt of the caller interrupts the workers.
 *
 * <p>With a {@link RenderLimit}, each segment is also admitted by that process-wide limit before it
 * renders, so the segments of many jobs running at once queue instead of oversubscribing.
 */
public final class LocalSegmentExecutor implements SegmentExecutor {

  private static final AtomicInteger THREADS = new AtomicInteger();
  /** How long to wait for running segments to notice an abort. */
  static final long STOP_WAIT_SECONDS = 60;

  private final @Nullable RenderLimit limit;
  private final long bytesPerSegment;

  /** A fresh executor without a process-wide limit; it holds no threads between calls. */
  public LocalSegmentExecutor() {
    this.limit = null;
    this.bytesPerSegment = 0;
  }

  /**
   * A fresh executor whose segments are each admitted by {@code limit} first, as holding
   * {@code bytesPerSegment} of native memory.
   */
  public LocalSegmentExecutor(RenderLimit limit, long bytesPerSegment) {
    this.limit = limit;
    this.bytesPerSegment = bytesPerSegment;
  }

  @Override
  public List<SegmentResult> execute(List<? extends SegmentTask> tasks, int parallelism, SegmentEnvironment driver) {
    AtomicBoolean failed = new AtomicBoolean();
    SegmentEnvironment environment = new StoppingEnvironment(driver, failed);
    RenderLimit admitting = limit;
    if (admitting == null) {
      return runAll(tasks, parallelism, task -> task.run(environment), failed);
    }
    return runAll(tasks, parallelism, task -> {
      try (RenderLimit.Permit permit = admitting.admit(bytesPerSegment, environment::cancelled)) {
        return task.run(environment);
      }
    }, failed);
  }

  /**
   * Runs {@code work} on every item with at most {@code parallelism} at once, results in order; the
   * first failure stops the rest (see the class comment). For work that is not a segment, such as
   * probing sources.
   */
  public <P, R> List<R> executeAll(List<P> items, int parallelism, Work<P, R> work) {
    return runAll(items, parallelism, work, new AtomicBoolean());
  }

  /** Work on one item. */
  @FunctionalInterface
  public interface Work<P, R> {
    /** Does the work; throws a {@link dev.montage.core.MontageException} on failure. */
    R run(P item);
  }

  private <P, R> List<R> runAll(List<P> plans, int parallelism, Work<P, R> task, AtomicBoolean failed) {
    if (plans.isEmpty()) {
      return List.of();
    }
    int workers = Math.max(1, Math.min(parallelism, plans.size()));
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "montage-segment-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    ExecutorService pool = Executors.newFixedThreadPool(workers, factory);
    CompletionService<Indexed<R>> completion = new ExecutorCompletionService<>(pool);
    List<@Nullable R> results = new ArrayList<>(plans.size());
    for (int i = 0; i < plans.size(); i++) {
      results.add(null); // filled in by index as work completes, in any order
    }
    List<Future<Indexed<R>>> futures = new ArrayList<>();
    int submitted = 0;
    int finished = 0;
    @Nullable RuntimeException failure = null;
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
          failure = merge(failure, unwrap(e), failed.get());
          failed.set(true);
        } catch (CancellationException e) {
          failure = merge(failure, RenderCancelledException.byInterrupt(e), failed.get());
          failed.set(true);
        }
        if (failure == null && submitted < plans.size()) {
          futures.add(submit(completion, plans, submitted++, task));
        }
      }
    } catch (InterruptedException e) {
      failed.set(true); // tasks that do not notice interrupts (a worker process's) see it as cancelled
      futures.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      failure = merge(failure, RenderCancelledException.byInterrupt(e), failed.get());
    } finally {
      shutdown(pool);
    }
    if (failure != null) {
      throw failure;
    }
    List<R> done = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      done.add(Objects.requireNonNull(results.get(i), "work on item " + i + " returned null"));
    }
    return done;
  }

  private static <P, R> Future<Indexed<R>> submit(
      CompletionService<Indexed<R>> completion, List<P> plans, int index, Work<P, R> task) {
    return completion.submit(() -> new Indexed<>(index, task.run(plans.get(index))));
  }

  private static RuntimeException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      // A typed failure like any other, so that the other tasks are told to stop and the caller gets
      // a MontageException (an OutOfMemoryError of direct buffers in one segment, a missing native).
      return Failures.fatal("the render's work failed", null, error);
    }
    return new IllegalStateException("segment failed", cause);
  }

  /**
   * The first failure wins and later ones are suppressed, except cancellations after a failure: those
   * are the other tasks stopping because of it.
   */
  private static RuntimeException merge(@Nullable RuntimeException first, RuntimeException next, boolean afterFailure) {
    if (first == null) {
      return next;
    }
    if (!(afterFailure && next instanceof RenderCancelledException) && next != first) {
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

  /** The driver's environment, reporting cancelled also once a task of this call has failed. */
  private record StoppingEnvironment(SegmentEnvironment driver, AtomicBoolean failed) implements SegmentEnvironment {

    @Override
    public Path workDir() {
      return driver.workDir();
    }

    @Override
    public void framesDone(long frames) {
      driver.framesDone(frames);
    }

    @Override
    public boolean cancelled() {
      return failed.get() || driver.cancelled();
    }

    @Override
    public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
      return driver.shared(type, create);
    }
  }
}
