package dev.montage.cli;

import dev.montage.core.CancellationToken;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cancels a render when the JVM is asked to stop (Ctrl-C, SIGTERM) and holds the shutdown back
 * until the render has cleaned up, for at most {@link #GRACE}.
 *
 * <p>Design note: the JVM runs shutdown hooks while other threads keep running, and halts as soon
 * as every hook has returned. The hook therefore cancels the job's token and then waits for
 * {@link #close()}, which the command calls once {@code render()} has returned or thrown: by then
 * the renderer has deleted its temporary files and left nothing at the output path. The JVM then
 * exits with 130 (128 + SIGINT) after Ctrl-C, as the shell expects.
 */
final class ShutdownCancellation implements AutoCloseable {

  /** Long enough for a cancelled render to stop (about a second) and delete its files. */
  static final Duration GRACE = Duration.ofSeconds(10);

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final CancellationToken token;
  private final Duration grace;
  private final PrintWriter err;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread hook;

  private ShutdownCancellation(CancellationToken token, Duration grace, PrintWriter err) {
    this.token = token;
    this.grace = grace;
    this.err = err;
    this.hook = new Thread(this::cancelAndAwait, "montage-shutdown-" + THREADS.incrementAndGet());
  }

  /** Registers a shutdown hook that cancels {@code token}; close the result when the work is done. */
  static ShutdownCancellation install(CancellationToken token, Duration grace, PrintWriter err) {
    ShutdownCancellation cancellation = new ShutdownCancellation(token, grace, err);
    Runtime.getRuntime().addShutdownHook(cancellation.hook);
    return cancellation;
  }

  /** What the hook does: cancel, then wait (bounded) for {@link #close()}. */
  void cancelAndAwait() {
    if (closed.get()) {
      return;
    }
    token.cancel();
    try {
      if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        err.println(ErrorReport.PREFIX + "the render did not stop within "
            + ProgressPrinter.shortDuration(grace)
            + " of cancelling; exiting anyway, temporary files may be left behind");
        err.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Marks the work finished, releasing a waiting hook, and unregisters the hook. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running (or has run): it was just released.
    }
  }
}
