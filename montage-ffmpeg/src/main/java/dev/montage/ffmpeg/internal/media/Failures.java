package dev.montage.ffmpeg.internal.media;

import dev.montage.core.EncodingException;
import dev.montage.core.MontageException;
import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.SourceMediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/** Translates JavaCV/FFmpeg failures into the typed hierarchy, keeping FFmpeg's words as the cause. */
public final class Failures {

  /** FFmpeg's AVERROR(ENOSPC). */
  private static final String NO_SPACE = "error -28";
  /** FFmpeg's AVERROR(EDQUOT). */
  private static final String QUOTA = "error -122";
  /** The mov/mp4 demuxer's words when the index is absent: cut off before the end, or not an MP4. */
  static final String NO_MOOV = "moov atom not found";
  private static final String NO_MOOV_ADVICE = "the MP4/MOV index (moov atom) is missing, as when a recording,"
      + " export or copy stopped before the end, or the file is no MP4 at all; copy or export the file again";

  /** Below this much free space a failed write or read-back is blamed on a full disk. */
  static final long LOW_SPACE_BYTES = 16L << 20;

  private Failures() {}

  /**
   * An {@link Error} of the JVM (natives that would not load, memory exhausted) as a typed failure of
   * {@code what}, saying what to do; other errors with their own words.
   */
  public static EncodingException fatal(String what, @Nullable Path file, Error error) {
    if (error instanceof LinkageError) {
      return EncodingException.failed(-1, file, what + ": FFmpeg's native libraries could not be loaded; add "
          + "org.bytedeco:ffmpeg and org.bytedeco:javacpp with the classifier " + platform() + " (ffmpeg: "
          + platform() + "-gpl for the GPL build) to the host's dependencies", error);
    }
    if (error instanceof OutOfMemoryError) {
      return EncodingException.failed(-1, file, what + ": the JVM ran out of memory (heap or direct buffers); "
          + "give it more (-Xmx, -XX:MaxDirectMemorySize) or render with fewer workers", error);
    }
    return EncodingException.failed(-1, file, what, error);
  }

  /** JavaCPP's name of this platform ({@code linux-x86_64}, {@code macosx-arm64}, ...). */
  private static String platform() {
    try {
      return org.bytedeco.javacpp.Loader.getPlatform();
    } catch (LinkageError e) {
      return System.getProperty("os.name", "?").toLowerCase(java.util.Locale.ROOT) + "-"
          + System.getProperty("os.arch", "?");
    }
  }

  /** A failure opening or decoding {@code source} for clip {@code clipIndex}. */
  public static SourceMediaException source(int clipIndex, Path source, Throwable failure) {
    return source(clipIndex, source, failure, null);
  }

  /**
   * A failure opening or decoding {@code source} for clip {@code clipIndex}, with what FFmpeg logged
   * on this thread since {@code mark}.
   */
  public static SourceMediaException source(
      int clipIndex, Path source, Throwable failure, FfmpegLogTail.@Nullable Mark mark) {
    Throwable cause = FfmpegError.of(failure, mark);
    if (!Files.exists(source)) {
      return SourceMediaException.missing(clipIndex, source);
    }
    if (!Files.isReadable(source)) {
      return SourceMediaException.unreadable(clipIndex, source, cause);
    }
    if (failure instanceof SandboxRefusal refusal) {
      return SourceMediaException.refused(clipIndex, source, refusal.format());
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Matcher codec = FfmpegError.NO_DECODER.matcher(String.valueOf(t.getMessage()));
      if (codec.find()) {
        return SourceMediaException.unsupportedCodec(
            clipIndex, source, codec.group(1), FfmpegError.codecName(Integer.parseInt(codec.group(2))), cause);
      }
    }
    if (String.valueOf(cause.getMessage()).contains(NO_MOOV)) {
      return SourceMediaException.corrupt(clipIndex, source, cause, NO_MOOV_ADVICE);
    }
    return SourceMediaException.corrupt(clipIndex, source, cause);
  }

  /** A failure writing {@code file} (segment or output) while on clip {@code clipIndex}. */
  public static MontageException write(int clipIndex, Path file, String what, Throwable failure) {
    Throwable cause = FfmpegError.of(failure);
    if (isNoSpace(cause) || lowSpace(file)) {
      return OutputException.writeFailed(clipIndex, file, cause);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && (!Files.isDirectory(parent) || !Files.isWritable(parent))) {
      return OutputException.writeFailed(clipIndex, file, cause);
    }
    return EncodingException.failed(clipIndex, file, what, cause);
  }

  /** A written file cannot be read back: a full disk if space is low, else an encoding failure. */
  public static MontageException unreadable(Path file, Throwable cause) {
    if (lowSpace(file)) {
      return OutputException.writeFailed(-1, file, new IOException("disk full: " + cause.getMessage(), cause));
    }
    return EncodingException.failed(-1, file, "the written file cannot be read back", cause);
  }

  /** Whether the file system holding {@code file} has less than {@link #LOW_SPACE_BYTES} free. */
  static boolean lowSpace(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      return dir != null && Files.getFileStore(dir).getUsableSpace() < LOW_SPACE_BYTES;
    } catch (IOException e) {
      // Free space unknown: the failure is then reported as what it is, not as a full disk.
      return false;
    }
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
