package dev.montage.ffmpeg.internal;

import dev.montage.core.EncodingException;
import dev.montage.core.MontageException;
import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.SourceMediaException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Translates JavaCV/FFmpeg failures into the typed hierarchy, keeping FFmpeg's words as the cause. */
final class Failures {

  /** FFmpeg's AVERROR(ENOSPC). */
  private static final String NO_SPACE = "error -28";
  /** FFmpeg's AVERROR(EDQUOT). */
  private static final String QUOTA = "error -122";

  private Failures() {}

  /** A failure opening or decoding {@code source} for clip {@code clipIndex}. */
  static SourceMediaException source(int clipIndex, Path source, Throwable failure) {
    Throwable cause = FfmpegError.of(failure);
    if (!Files.exists(source)) {
      return SourceMediaException.missing(clipIndex, source);
    }
    if (!Files.isReadable(source)) {
      return SourceMediaException.unreadable(clipIndex, source, cause);
    }
    return SourceMediaException.corrupt(clipIndex, source, cause);
  }

  /** A failure writing {@code file} (segment or output) while on clip {@code clipIndex}. */
  static MontageException write(int clipIndex, Path file, String what, Throwable failure) {
    Throwable cause = FfmpegError.of(failure);
    if (isNoSpace(cause) || OutputVerifier.lowSpace(file)) {
      return OutputException.writeFailed(clipIndex, file, cause);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && (!Files.isDirectory(parent) || !Files.isWritable(parent))) {
      return OutputException.writeFailed(clipIndex, file, cause);
    }
    return EncodingException.failed(clipIndex, file, what, cause);
  }

  static boolean isNoSpace(@Nullable Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String text = String.valueOf(t.getMessage());
      if (text.contains(NO_SPACE) || text.contains(QUOTA) || text.contains("No space left")) {
        return true;
      }
    }
    return false;
  }

  /** Fails with {@link RenderCancelledException} if the thread was interrupted (flag kept set). */
  static void checkInterrupt() {
    if (Thread.currentThread().isInterrupted()) {
      throw RenderCancelledException.byInterrupt(null);
    }
  }
}
