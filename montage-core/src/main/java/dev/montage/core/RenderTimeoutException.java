package dev.montage.core;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The render was stopped for taking too long: a step made no progress for longer than its stall
 * budget from the {@link dev.montage.core.policy.FfmpegTimeouts} policy (a stalled source, a hung
 * decoder), or the whole job ran past the overall timeout set with
 * {@link MontageBuilder#timeout(Duration)}. A busy machine alone never causes it: the budget bounds
 * each unit of work, not the job.
 */
public final class RenderTimeoutException extends MontageException {

  private static final long serialVersionUID = 1L;

  /** The budget that was exceeded. */
  private final Duration budget;

  private RenderTimeoutException(String message, int clipIndex, @Nullable Path file, Duration budget) {
    super(message, clipIndex, file, null);
    this.budget = budget;
  }

  /** {@code what} (around {@code clipIndex} of {@code file}) took longer than {@code budget}. */
  public static RenderTimeoutException exceeded(
      String what, int clipIndex, @Nullable Path file, Duration budget) {
    return new RenderTimeoutException(
        where(clipIndex, file) + ": " + what + " exceeded its time budget of " + budget.toMillis()
            + " ms and was stopped; the source may be stalled, or raise the timeout policy",
        clipIndex, file, budget);
  }

  /**
   * {@code what} (on clip {@code clipIndex} of {@code file}) made no progress for {@code idle}, more
   * than its stall {@code budget}.
   */
  public static RenderTimeoutException stalled(
      String what, int clipIndex, @Nullable Path file, Duration idle, Duration budget) {
    return new RenderTimeoutException(
        where(clipIndex, file) + ": " + what + " stalled: no progress for " + idle.toMillis() + " ms, more than"
            + " its stall budget of " + budget.toMillis() + " ms; the source stopped delivering data or the"
            + " decoder hung (if the machine is only very slow, raise the budget with timeouts(...))",
        clipIndex, file, budget);
  }

  /**
   * The job, last on clip {@code clipIndex} of {@code file} (-1 and null when between clips), ran
   * past its overall {@code timeout}.
   */
  public static RenderTimeoutException jobTimedOut(int clipIndex, @Nullable Path file, Duration timeout) {
    String prefix = clipIndex < 0 && file == null ? "" : where(clipIndex, file) + ": ";
    return new RenderTimeoutException(
        prefix + "the job ran past its overall timeout of " + timeout.toMillis()
            + " ms set with timeout(...) and was stopped; nothing was written",
        clipIndex, file, timeout);
  }

  /** The budget that was exceeded. */
  public Duration budget() {
    return budget;
  }
}
