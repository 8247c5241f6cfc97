package dev.montage.ffmpeg.internal.media;

import dev.montage.core.CancellationToken;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Checked between frames by every render loop: the caller's cancellation token, the thread's
 * interrupt flag, a job-wide abort (another segment failed) and the step's deadline.
 */
public final class RenderGuard {

  private final CancellationToken token;
  private final AtomicBoolean aborted;
  private final LongSupplier nanoTime;

  public RenderGuard(CancellationToken token, AtomicBoolean aborted, LongSupplier nanoTime) {
    this.token = token;
    this.aborted = aborted;
    this.nanoTime = nanoTime;
  }

  /** A deadline {@code budget} from now for {@code what}. */
  public Deadline deadline(String what, int clipIndex, Path file, Duration budget) {
    return new Deadline(what, clipIndex, file, budget, nanoTime.getAsLong() + budget.toNanos());
  }

  /** Throws if the render must stop. */
  public void check(Deadline deadline) {
    if (token.isCancelled()) {
      throw RenderCancelledException.byToken();
    }
    if (aborted.get()) {
      throw new JobAbortedException();
    }
    Failures.checkInterrupt();
    if (nanoTime.getAsLong() - deadline.atNanos() > 0) {
      throw RenderTimeoutException.exceeded(deadline.what(), deadline.clipIndex(), deadline.file(), deadline.budget());
    }
  }

  /** A step's time limit. */
  public record Deadline(String what, int clipIndex, Path file, Duration budget, long atNanos) {}

  /** Thrown in segments still running after another failed; never reaches the caller. */
  public static final class JobAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JobAbortedException() {
      super("stopped because another segment failed", null, false, false);
    }
  }
}
