package dev.montage.ffmpeg.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;

/** JavaCV's messages without its hints, AVERROR codes in words, FFmpeg's line in front. */
class FfmpegErrorTest {

  /** What JavaCV 1.5.14's grabber throws for a file FFmpeg cannot open (its exact text). */
  private static final String OPEN_FAILED = "avformat_open_input() error -1094995529: Could not open input"
      + " \"/videos/a.mp4\". (Has setFormat() been called?) (For more details, make sure"
      + " FFmpegLogCallback.set() has been called.)";

  @Test
  void clean_dropsJavacvHintsWhole() {
    assertEquals("avformat_open_input() error -1094995529 (Invalid data found when processing input):"
        + " could not open input", FfmpegError.clean(OPEN_FAILED));
  }

  @Test
  void clean_isIdempotent() {
    String once = FfmpegError.clean(OPEN_FAILED);
    assertEquals(once, FfmpegError.clean(once));
  }

  @Test
  void clean_namesTheCodecWithoutADecoder() {
    assertEquals("avcodec_find_decoder() error: Unsupported video format or codec not found: avs3",
        FfmpegError.clean("avcodec_find_decoder() error: Unsupported video format or codec not found: 194."
            + " (For more details, make sure FFmpegLogCallback.set() has been called.)"));
  }

  @Test
  void describe_putsAverrorIntoWords() {
    assertEquals("Invalid data found when processing input", FfmpegError.describe(avutil.AVERROR_INVALIDDATA()));
    assertEquals("End of file", FfmpegError.describe(avutil.AVERROR_EOF()));
    assertEquals("No space left on device", FfmpegError.describe(-28));
    assertEquals("", FfmpegError.describe(0));
  }

  @Test
  void of_putsFfmpegsLineFirst() {
    FfmpegLogging.install();
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    avutil.av_log(null, avutil.AV_LOG_ERROR, "moov atom not found\n");
    Throwable error = FfmpegError.of(new FFmpegFrameGrabber.Exception(OPEN_FAILED.replace(
        " (For more details, make sure FFmpegLogCallback.set() has been called.)", "")), mark);
    assertEquals("FFmpeg said \"moov atom not found\"; avformat_open_input() error -1094995529 (Invalid data"
        + " found when processing input): could not open input", error.getMessage());
    assertSame(error, FfmpegError.of(error, mark));
  }

  @Test
  void of_keepsAnExceptionWithNothingToAdd() {
    IOException plain = new IOException("video ends at 0.700s");
    assertSame(plain, FfmpegError.of(plain, FfmpegLogTail.mark()));
  }
}
