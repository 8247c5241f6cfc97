package dev.montage.ffmpeg.internal.media;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FrameGrabber;
import org.jspecify.annotations.Nullable;

/**
 * FFmpeg's own words for a failure: the decisive line FFmpeg logged (see {@link FfmpegLogTail}),
 * then JavaCV's message with AVERROR codes put into words and without JavaCV's generic hints ("Has
 * setFormat() been called?", "make sure FFmpegLogCallback.set() has been called"), which mislead a
 * reader of Montage's messages. The original exception is the cause. A {@link FrameGrabber.Exception}
 * so that it can be thrown where JavaCV's is.
 */
public final class FfmpegError extends FrameGrabber.Exception {

  private static final long serialVersionUID = 1L;

  /** JavaCV appends this to every grabber exception; it always ends the message. */
  private static final Pattern MORE_DETAILS = Pattern.compile("\\s*\\(For more details, make sure FFmpegLogCallback\\.set\\(\\) has been called\\.\\)");
  private static final String SET_FORMAT = " (Has setFormat() been called?)";
  /** JavaCV's {@code Could not open input "<file>".}: the file is already in Montage's message. */
  private static final Pattern OPEN_INPUT = Pattern.compile("Could not open input \"[^\"]*\"\\.?");
  /** JavaCV's {@code <call>() error <code>}, the code a negative AVERROR. */
  private static final Pattern AVERROR = Pattern.compile("(error:? )(-\\d{1,10})(?!\\d| \\()");
  /** JavaCV's {@code Unsupported video format or codec not found: 194.}, the number a codec id. */
  static final Pattern NO_DECODER = Pattern.compile("Unsupported (video|audio) format or codec not found: (\\d+)\\.?");
  private static final int ERROR_TEXT_BYTES = 128;

  private FfmpegError(String message, Throwable original) {
    super(message, original);
  }

  /** {@code original} with its message cleaned; {@code original} itself when there is nothing to clean. */
  public static Throwable of(Throwable original) {
    return of(original, null);
  }

  /**
   * {@code original} with FFmpeg's decisive line since {@code mark} in front of its cleaned message;
   * {@code original} itself when there is nothing to add or clean.
   */
  public static Throwable of(Throwable original, FfmpegLogTail.@Nullable Mark mark) {
    if (original instanceof FfmpegError) {
      return original;
    }
    String message = original.getMessage();
    String cleaned = message == null ? "" : clean(message);
    String said = mark == null ? null : mark.decisive();
    if (said == null || cleaned.contains(said)) {
      return cleaned.equals(message) || message == null ? original : new FfmpegError(cleaned, original);
    }
    String text = "FFmpeg said \"" + said + "\"" + (cleaned.isEmpty() ? "" : "; " + cleaned);
    return new FfmpegError(text, original);
  }

  /** {@link #of(Throwable, FfmpegLogTail.Mark)} for a grabber's failure, still one to throw as such. */
  public static FrameGrabber.Exception withWords(FrameGrabber.Exception original, FfmpegLogTail.Mark mark) {
    return (FrameGrabber.Exception) of(original, mark);
  }

  /** JavaCV's message without its hints and with AVERROR codes in words. */
  static String clean(String message) {
    String cleaned = MORE_DETAILS.matcher(message.replace(SET_FORMAT, "")).replaceAll("");
    cleaned = OPEN_INPUT.matcher(cleaned).replaceAll("could not open input");
    cleaned = NO_DECODER.matcher(cleaned).replaceAll(
        found -> Matcher.quoteReplacement("Unsupported " + found.group(1) + " format or codec not found: "
            + codecName(Integer.parseInt(found.group(2)))));
    Matcher code = AVERROR.matcher(cleaned);
    StringBuilder out = new StringBuilder();
    while (code.find()) {
      String words = describe(Integer.parseInt(code.group(2)));
      code.appendReplacement(out, Matcher.quoteReplacement(
          code.group(1) + code.group(2) + (words.isEmpty() ? "" : " (" + words + ")")));
    }
    code.appendTail(out);
    return out.toString().strip();
  }

  /** FFmpeg's name for codec id {@code id} ({@code avcodec_get_name}): "avs3" for 194. */
  static String codecName(int id) {
    BytePointer name = avcodec.avcodec_get_name(id);
    return name == null || name.isNull() ? "#" + id : name.getString();
  }

  /**
   * FFmpeg's words for AVERROR {@code code} ({@code av_strerror}), such as "Invalid data found when
   * processing input" for -1094995529; empty for a code FFmpeg has no words for.
   */
  public static String describe(int code) {
    if (code >= 0) {
      return "";
    }
    byte[] text = new byte[ERROR_TEXT_BYTES];
    if (avutil.av_strerror(code, text, text.length) < 0) {
      return "";
    }
    int length = 0;
    while (length < text.length && text[length] != 0) {
      length++;
    }
    return new String(text, 0, length, StandardCharsets.UTF_8);
  }
}
