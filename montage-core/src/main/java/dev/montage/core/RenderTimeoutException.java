package dev.montage.core;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A step of the render (opening a source, a segment's decode and encode) exceeded its time budget
 * from the {@link dev.montage.core.policy.FfmpegTimeouts} policy and was stopped.
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

  /** The budget that was exceeded. */
  public Duration budget() {
    return budget;
  }
}
