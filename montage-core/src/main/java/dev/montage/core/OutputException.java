package dev.montage.core;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The output or a temporary file cannot be created, written or moved into place: missing or
 * read-only directory, disk full. Nothing is left at the output path.
 */
public final class OutputException extends MontageException {

  private static final long serialVersionUID = 1L;

  private OutputException(String message, int clipIndex, Path file, @Nullable Throwable cause) {
    super(message, clipIndex, file, cause);
  }

  /** {@code file} cannot be written; {@code advice} says what to do. */
  public static OutputException cannotWrite(Path file, @Nullable Throwable cause, String advice) {
    return new OutputException(
        "cannot write " + file + causeText(cause) + "; " + advice, -1, file, cause);
  }

  /** Writing {@code file} failed while rendering {@code clipIndex}. */
  public static OutputException writeFailed(int clipIndex, Path file, @Nullable Throwable cause) {
    return new OutputException(
        where(clipIndex, null) + ": writing " + file + " failed" + causeText(cause)
            + "; check free disk space and permissions",
        clipIndex, file, cause);
  }
}
