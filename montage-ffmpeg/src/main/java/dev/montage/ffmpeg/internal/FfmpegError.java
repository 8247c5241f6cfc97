package dev.montage.ffmpeg.internal;

/**
 * FFmpeg's own words from a JavaCV exception, without JavaCV's generic hints ("Has setFormat() been
 * called?"), which mislead a reader of Montage's messages. The original exception is the cause.
 */
final class FfmpegError extends Exception {

  private static final long serialVersionUID = 1L;

  private FfmpegError(String message, Throwable original) {
    super(message, original);
  }

  /** {@code original} with its message cleaned; {@code original} itself when there is nothing to clean. */
  static Throwable of(Throwable original) {
    String message = original.getMessage();
    if (message == null) {
      return original;
    }
    String cleaned = message.replace(" (Has setFormat() been called?)", "")
        .replaceAll("\\s*\\(For more details[^)]*\\)", "").strip();
    return cleaned.equals(message) ? original : new FfmpegError(cleaned, original);
  }
}
