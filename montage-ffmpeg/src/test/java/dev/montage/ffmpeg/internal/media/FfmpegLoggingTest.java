package dev.montage.ffmpeg.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;

/** The bridge is installed once per JVM and leaves a level the host chose alone. */
class FfmpegLoggingTest {

  @Test
  void install_isIdempotentAndKeepsALevelSetLater() {
    FfmpegLogging.install();
    int before = avutil.av_log_get_level();
    try {
      avutil.av_log_set_level(avutil.AV_LOG_DEBUG);
      assertFalse(FfmpegLogging.install(), "a second install does nothing");
      assertEquals(avutil.AV_LOG_DEBUG, avutil.av_log_get_level());
    } finally {
      avutil.av_log_set_level(before);
    }
  }

  @Test
  void levelFor_lowersOnlyFfmpegsDefault() {
    assertEquals(avutil.AV_LOG_WARNING, FfmpegLogging.levelFor(avutil.AV_LOG_INFO));
    assertEquals(avutil.AV_LOG_ERROR, FfmpegLogging.levelFor(avutil.AV_LOG_ERROR));
    assertEquals(avutil.AV_LOG_DEBUG, FfmpegLogging.levelFor(avutil.AV_LOG_DEBUG));
    assertEquals(avutil.AV_LOG_QUIET, FfmpegLogging.levelFor(avutil.AV_LOG_QUIET));
  }
}
