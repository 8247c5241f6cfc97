package dev.montage.core;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** The encoder or muxer failed: no usable encoder, or FFmpeg rejected a frame, packet or setting. */
public final class EncodingException extends MontageException {

  private static final long serialVersionUID = 1L;

  private EncodingException(String message, int clipIndex, @Nullable Path file, @Nullable Throwable cause) {
    super(message, clipIndex, file, cause);
  }

  /** Encoding failed while writing {@code file}, on {@code clipIndex} when known (else -1). */
  public static EncodingException failed(int clipIndex, @Nullable Path file, String what, @Nullable Throwable cause) {
    return new EncodingException(
        where(clipIndex, file) + ": " + what + causeText(cause), clipIndex, file, cause);
  }

  /** No encoder for {@code codec} exists in the FFmpeg build on the class path. */
  public static EncodingException noEncoder(String codec, String advice) {
    return new EncodingException("no " + codec + " encoder in this FFmpeg build; " + advice, -1, null, null);
  }
}
