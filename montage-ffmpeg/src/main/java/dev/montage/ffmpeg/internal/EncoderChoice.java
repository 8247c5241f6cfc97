package dev.montage.ffmpeg.internal;

import dev.montage.core.EncodingException;
import dev.montage.core.RenderSettings;
import dev.montage.ffmpeg.internal.SegmentPlan.EncoderSettings;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * Picks the H.264 encoder the FFmpeg build on the class path really has: libx264 (GPL build) with
 * the job's preset and CRF, else libopenh264 (LGPL build) at a bitrate from the frame size. Asking
 * a build for an encoder it lacks would silently give MPEG-4 Part 2, so existence is checked first.
 */
public final class EncoderChoice {

  /** The GPL build's H.264 encoder. */
  public static final String X264 = "libx264";
  /** The LGPL build's H.264 encoder. */
  public static final String OPENH264 = "libopenh264";
  /** Bits per pixel per frame for encoders without CRF: good quality at moderate size. */
  static final double OPENH264_BITS_PER_PIXEL = 0.1;

  private EncoderChoice() {}

  /** Whether the FFmpeg build has encoder {@code name}. */
  public static boolean available(String name) {
    FfmpegLogging.install();
    AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
    return codec != null && !codec.isNull();
  }

  /** The H.264 encoder name this build offers. */
  public static String h264() {
    if (available(X264)) {
      return X264;
    }
    if (available(OPENH264)) {
      return OPENH264;
    }
    throw EncodingException.noEncoder("H.264",
        "put org.bytedeco:ffmpeg natives for this platform on the class path (LGPL build: libopenh264; GPL build: libx264)");
  }

  /** Encoder settings for a job. */
  static EncoderSettings settings(RenderSettings job, String codec, int width, int height, double fps, int threads) {
    long bitrate = Math.round(width * (double) height * fps * OPENH264_BITS_PER_PIXEL);
    int gop = (int) Math.max(1, Math.round(fps * 2));
    String x264Params = codec.equals(X264) ? MemoryBudget.x264Params(width, height) : "";
    return new EncoderSettings(codec, job.preset(), job.crf(), bitrate, gop, threads, x264Params, "");
  }
}
