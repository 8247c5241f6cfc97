package dev.montage.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The future of {@link MontageJob#renderAsync}: {@link #cancel} (and any completion from outside, such
 * as {@code orTimeout}) completes it at once (as {@link java.util.concurrent.Future} requires) and cancels
 * the run's own token, which the render
 * observes between frames; the render then throws {@link RenderCancelledException} on its thread,
 * removes its files and returns that thread. The token is linked to the caller's, so cancelling the
 * future never cancels a token the caller shares with other runs.
 */
final class RenderFuture extends CompletableFuture<RenderResult> {

  private static final Logger LOG = LoggerFactory.getLogger(RenderFuture.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Starts each render on a thread of its own, named {@code montage-render-<n>}. */
  static final Executor THREAD_PER_RENDER =
      task -> new Thread(task, "montage-render-" + THREADS.incrementAndGet()).start();

  private final CancellationToken token;

  private RenderFuture(CancellationToken token) {
    this.token = token;
  }

  static RenderFuture start(RunOptions options, Executor executor, Function<RunOptions, RenderResult> render) {
    CancellationToken token = CancellationToken.linkedTo(options.cancellation().orElse(null));
    RunOptions run = options.toBuilder().cancellation(token).build();
    RenderFuture future = new RenderFuture(token);
    try {
      executor.execute(() -> future.run(render, run));
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(e);
    }
    return future;
  }

  private void run(Function<RunOptions, RenderResult> render, RunOptions run) {
    if (isDone()) {
      return; // cancelled before it started: nothing was opened
    }
    try {
      complete(render.apply(run));
    } catch (RenderCancelledException e) {
      if (!completeExceptionally(e)) {
        LOG.debug("render stopped after its future was cancelled: {}", e.getMessage());
      }
    } catch (RuntimeException | Error e) {
      if (!completeExceptionally(e)) {
        LOG.warn("render failed after its future was cancelled", e);
      }
      if (e instanceof Error error) {
        throw error;
      }
    }
  }

  /**
   * Completes this future and, when that was not the render's own result (a caller's
   * {@code complete}, {@code completeOnTimeout}), cancels the render's token: a future that is done
   * leaves no render running.
   */
  @Override
  public boolean complete(RenderResult value) {
    boolean completed = super.complete(value);
    token.cancel();
    return completed;
  }

  /**
   * Completes this future with {@code failure} and cancels the render's token, so that
   * {@code orTimeout} and a caller's {@code completeExceptionally} stop the render as {@link #cancel}
   * does (the render then removes its files); after the render's own failure the token has nothing
   * left to stop.
   */
  @Override
  public boolean completeExceptionally(Throwable failure) {
    boolean completed = super.completeExceptionally(failure);
    token.cancel();
    return completed;
  }

  /**
   * Completes this future cancelled and cancels the render's token; {@code mayInterruptIfRunning}
   * is not needed (the token stops the render) and the rendering thread is never interrupted.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    token.cancel();
    return cancelled;
  }
}
