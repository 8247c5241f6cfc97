package dev.montage.core;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Root of every failure Montage reports. Unchecked; each subtype names the clip (0-based index in
 * the job) and the file it concerns where that applies, and keeps the underlying cause (such as
 * FFmpeg's own error) as {@link #getCause()}.
 */
public abstract class MontageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** 0-based clip index, or -1 when no single clip is concerned. */
  private final int clipIndex;
  /** The file concerned as text (a {@link Path} is not serializable), or {@code null}. */
  private final @Nullable String file;

  /**
   * Creates an exception; subtypes call this from their static factories.
   *
   * @param message complete message: what failed, where, and what to do
   * @param clipIndex 0-based clip index, or -1 when no single clip is concerned
   * @param file the file concerned, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  protected MontageException(
      String message, int clipIndex, @Nullable Path file, @Nullable Throwable cause) {
    super(message, cause);
    this.clipIndex = clipIndex;
    this.file = file == null ? null : file.toString();
  }

  /** The 0-based index of the clip concerned, if the failure concerns one clip. */
  public OptionalInt clipIndex() {
    return clipIndex < 0 ? OptionalInt.empty() : OptionalInt.of(clipIndex);
  }

  /** The file concerned (a source, the output or a temporary file), if any. */
  public Optional<Path> file() {
    return Optional.ofNullable(file).map(Path::of);
  }

  /** "clip 3 (/videos/a.mp4)" or "/videos/a.mp4" or "" for message building. */
  static String where(int clipIndex, @Nullable Path file) {
    if (clipIndex >= 0 && file != null) {
      return "clip " + clipIndex + " (" + file + ")";
    }
    if (clipIndex >= 0) {
      return "clip " + clipIndex;
    }
    return file == null ? "the job" : file.toString();
  }

  static String causeText(@Nullable Throwable cause) {
    if (cause == null) {
      return "";
    }
    String text = cause.getMessage();
    return ": " + (text == null || text.isBlank() ? cause.getClass().getSimpleName() : text);
  }
}
