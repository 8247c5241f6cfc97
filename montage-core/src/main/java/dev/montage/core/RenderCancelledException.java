package dev.montage.core;

import org.jspecify.annotations.Nullable;

/**
 * The render was cancelled through its {@link CancellationToken} or by interrupting the rendering
 * thread. Temporary files are removed and nothing is left at the output path.
 */
public final class RenderCancelledException extends MontageException {

  private static final long serialVersionUID = 1L;

  private RenderCancelledException(String message, @Nullable Throwable cause) {
    super(message, -1, null, cause);
  }

  /** Cancelled through the job's token. */
  public static RenderCancelledException byToken() {
    return new RenderCancelledException("render cancelled; no output was written", null);
  }

  /** The rendering thread was interrupted; the interrupt flag stays set. */
  public static RenderCancelledException byInterrupt(@Nullable Throwable cause) {
    return new RenderCancelledException("render interrupted; no output was written", cause);
  }
}
