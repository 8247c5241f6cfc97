package dev.montage.testkit.internal;

import org.bytedeco.ffmpeg.global.avutil;

/** Lowers FFmpeg's stderr logging to errors, once per JVM, before the testkit touches media. */
public final class FfmpegLogLevel {

  private static volatile boolean quiet;

  private FfmpegLogLevel() {}

  /** Sets {@code AV_LOG_ERROR} unless already done; cheap to call on every use. */
  public static void quiet() {
    if (!quiet) {
      synchronized (FfmpegLogLevel.class) {
        if (!quiet) {
          avutil.av_log_set_level(avutil.AV_LOG_ERROR);
          quiet = true;
        }
      }
    }
  }
}
