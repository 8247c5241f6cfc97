package dev.montage.core;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A source cannot be used: missing, unreadable, corrupt, without a video stream, or too short for
 * the clip's in and out points. Reported before anything is written.
 */
public final class SourceMediaException extends MontageException {

  private static final long serialVersionUID = 1L;

  private SourceMediaException(String message, int clipIndex, @Nullable Path file, @Nullable Throwable cause) {
    super(message, clipIndex, file, cause);
  }

  /** The source file does not exist. */
  public static SourceMediaException missing(int clipIndex, Path file) {
    return new SourceMediaException(
        where(clipIndex, file) + ": source file does not exist; check the path", clipIndex, file, null);
  }

  /**
   * The source is not a regular file (a directory, a device): Montage seeks in its sources and reads
   * each more than once. A named pipe is read into the job's temp dir when rendering, but not when
   * only planning (it can be read once).
   */
  public static SourceMediaException notAFile(int clipIndex, Path file) {
    return new SourceMediaException(
        where(clipIndex, file) + ": source is not a regular file (a directory or a device; a named pipe is read"
            + " only by a render, as it can be read once); Montage seeks in its sources, so save the stream to a"
            + " file first",
        clipIndex, file, null);
  }

  /** The source file exists but cannot be read. */
  public static SourceMediaException unreadable(int clipIndex, Path file, @Nullable Throwable cause) {
    return new SourceMediaException(
        where(clipIndex, file) + ": source file cannot be read" + causeText(cause)
            + "; check its permissions",
        clipIndex, file, cause);
  }

  /**
   * The media sandbox ({@link SourceAccess#LOCAL_FILES}) refused the source: FFmpeg identifies it as
   * {@code format}, a playlist or list that makes FFmpeg open other files or URLs it names.
   */
  public static SourceMediaException refused(int clipIndex, Path file, String format) {
    return new SourceMediaException(
        where(clipIndex, file) + ": source refused by the media sandbox: it is a '" + format + "' file, which"
            + " makes FFmpeg open other files or URLs it names; use one media file per clip, or"
            + " sourceAccess(SourceAccess.FFMPEG_DEFAULTS) (CLI: --trust-sources) for sources you trust",
        clipIndex, file, null);
  }

  /**
   * Reading the source crashed the isolated worker process twice (a native crash such as SIGSEGV
   * or an abort in a decoder); the host was not affected.
   *
   * @param signal what ended the worker, such as {@code SIGSEGV}
   */
  public static SourceMediaException crashed(int clipIndex, @Nullable Path file, String signal) {
    return new SourceMediaException(
        where(clipIndex, file) + ": the decoder crashed the worker process (" + signal + "), also when tried again"
            + " in a fresh one; the file trips a bug in FFmpeg. The host is unaffected; replace or re-encode the"
            + " file",
        clipIndex, file, null);
  }

  /** FFmpeg cannot open or decode the source. */
  public static SourceMediaException corrupt(int clipIndex, Path file, Throwable cause) {
    return corrupt(clipIndex, file, cause, "the file is damaged or not a video FFmpeg understands");
  }

  /**
   * FFmpeg cannot open or decode the source; {@code advice} says what to do (for example, for a
   * missing MP4 index: copy or export the file again).
   */
  public static SourceMediaException corrupt(int clipIndex, Path file, Throwable cause, String advice) {
    return new SourceMediaException(
        where(clipIndex, file) + ": source cannot be decoded" + causeText(cause) + "; " + advice,
        clipIndex, file, cause);
  }

  /**
   * The source's {@code streamType} ("video" or "audio") stream uses {@code codec}, which FFmpeg
   * can read from the container but this FFmpeg build cannot decode.
   */
  public static SourceMediaException unsupportedCodec(
      int clipIndex, Path file, String streamType, String codec, @Nullable Throwable cause) {
    return new SourceMediaException(
        where(clipIndex, file) + ": the " + streamType + " codec " + codec
            + " cannot be decoded by this FFmpeg build (it has no " + codec + " decoder)" + causeText(cause)
            + "; convert the source to a common codec such as H.264 with AAC audio",
        clipIndex, file, cause);
  }

  /** The source has no video stream (for example an audio-only file). */
  public static SourceMediaException noVideo(int clipIndex, Path file) {
    return new SourceMediaException(
        where(clipIndex, file) + ": source has no video stream; use a video file", clipIndex, file, null);
  }

  /** The source is a still image, added as a video clip: it has no length to cut from. */
  public static SourceMediaException stillImage(int clipIndex, Path file) {
    return new SourceMediaException(where(clipIndex, file) + ": source is a still image; add it with"
        + " image(path, duration) (Clip.image) to show it for a while", clipIndex, file, null);
  }

  /** The clip's in or out point lies past the end of its source. */
  public static SourceMediaException pastEnd(
      int clipIndex, Path file, String point, double pointSeconds, double sourceSeconds) {
    return new SourceMediaException(
        String.format(java.util.Locale.ROOT,
            "%s: %s point %.3fs is past the end of the source (%.3fs long); shorten the clip",
            where(clipIndex, file), point, pointSeconds, sourceSeconds),
        clipIndex, file, null);
  }

  /**
   * Part of the clip's span had no decodable picture: {@code damage} says where in the source and
   * what was held (see {@link DamageResponse#FAIL}).
   */
  public static SourceMediaException damaged(int clipIndex, Path file, String damage) {
    return new SourceMediaException(
        where(clipIndex, file) + ": source is damaged: " + damage + "; repair or re-export the file, or render"
            + " with the held frame with onDamagedSource(DamageResponse.WARN)",
        clipIndex, file, null);
  }

  /** Decoding failed part-way through the clip. */
  public static SourceMediaException decodeFailed(int clipIndex, Path file, Throwable cause) {
    return new SourceMediaException(
        where(clipIndex, file) + ": decoding failed" + causeText(cause)
            + "; the file may be truncated or damaged",
        clipIndex, file, cause);
  }
}
