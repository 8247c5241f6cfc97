package dev.montage.ffmpeg.internal.media;

import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Checked between frames by every render loop: cancellation (the caller's token, or, in a segment,
 * its environment: the job cancelled or another segment failed), the thread's interrupt flag and
 * the step's deadline.
 */
public final class RenderGuard {

  private final BooleanSupplier cancelled;
  private final LongSupplier nanoTime;

  /** A guard stopping once {@code cancelled} turns true, timing deadlines on {@code nanoTime}. */
  public RenderGuard(BooleanSupplier cancelled, LongSupplier nanoTime) {
    this.cancelled = cancelled;
    this.nanoTime = nanoTime;
  }

  /** A deadline {@code budget} from now for {@code what}. */
  public Deadline deadline(String what, int clipIndex, Path file, Duration budget) {
    return new Deadline(what, clipIndex, file, budget, nanoTime.getAsLong() + budget.toNanos());
  }

  /** Throws if the render must stop. */
  public void check(Deadline deadline) {
    if (cancelled.getAsBoolean()) {
      throw RenderCancelledException.byToken();
    }
    Failures.checkInterrupt();
    if (nanoTime.getAsLong() - deadline.atNanos() > 0) {
      throw RenderTimeoutException.exceeded(deadline.what(), deadline.clipIndex(), deadline.file(), deadline.budget());
    }
  }

  /** A step's time limit. */
  public record Deadline(String what, int clipIndex, Path file, Duration budget, long atNanos) {}
}
