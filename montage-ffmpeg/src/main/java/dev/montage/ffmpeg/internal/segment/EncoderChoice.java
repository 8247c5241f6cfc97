package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.EncodingException;
import dev.montage.core.RenderSettings;
import dev.montage.ffmpeg.internal.media.FfmpegLogging;
import dev.montage.ffmpeg.internal.plan.MemoryBudget;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * Picks the H.264 encoder the FFmpeg build on the class path really has, libx264 (GPL build) else
 * libopenh264 (LGPL build), and maps the job's rate control onto it: an explicit video bitrate goes
 * to every encoder; otherwise encoders with a constant rate factor get the explicit CRF or the
 * quality's, the others the quality's bitrate. What the encoder cannot honour becomes a warning.
 * Asking a build for an encoder it lacks would silently give MPEG-4 Part 2, so existence is checked
 * first.
 */
public final class EncoderChoice {

  /** The GPL build's H.264 encoder. */
  public static final String X264 = "libx264";
  /** The LGPL build's H.264 encoder. */
  public static final String OPENH264 = "libopenh264";
  /** The HEVC encoder with a CRF (not chosen today; mapped so that the table holds for it). */
  static final String X265 = "libx265";
  /** Encoders that take a constant rate factor and presets. */
  private static final Set<String> CRF_ENCODERS = Set.of(X264, X265);
  /** No CRF: encode at a bitrate. */
  static final int NO_CRF = -1;

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
  public static EncoderSettings settings(RenderSettings job, String codec, int width, int height, double fps, int threads) {
    boolean crfEncoder = CRF_ENCODERS.contains(codec);
    long bitrate = job.videoBitrate().orElse(job.quality().bitrate(width, height, fps));
    int crf = !crfEncoder || job.videoBitrate().isPresent() ? NO_CRF
        : job.crf().orElse(codec.equals(X265) ? job.quality().x265Crf() : job.quality().x264Crf());
    int gop = (int) Math.max(1, Math.round(fps * 2));
    String x264Params = codec.equals(X264) ? MemoryBudget.x264Params(width, height) : "";
    String preset = job.preset().orElse(RenderSettings.DEFAULT_PRESET);
    return new EncoderSettings(codec, preset, crf, bitrate, gop, threads, x264Params, "");
  }

  /**
   * The settings of {@code job} that {@code codec} cannot honour, each a sentence naming the
   * setting, its value and what is done instead; empty when {@code codec} honours them all.
   */
  public static List<String> unsupported(RenderSettings job, String codec, int width, int height, double fps) {
    List<String> warnings = new ArrayList<>();
    if (CRF_ENCODERS.contains(codec)) {
      return warnings;
    }
    long bitrate = job.videoBitrate().orElse(job.quality().bitrate(width, height, fps));
    job.crf().ifPresent(crf -> warnings.add("crf " + crf + " ignored: " + codec + " has no constant rate factor;"
        + " encoded at " + bitrate + " bit/s (quality " + job.quality() + "); set quality(...) or videoBitrate(...)"
        + " instead, or use the GPL build (libx264)"));
    job.preset().ifPresent(preset -> warnings.add("preset '" + preset + "' ignored: " + codec
        + " has no presets"));
    return warnings;
  }

  /** The settings of {@code job} that a stream copy (nothing encoded) leaves unused. */
  public static List<String> unusedByCopy(RenderSettings job) {
    List<String> unused = new ArrayList<>();
    job.crf().ifPresent(crf -> unused.add("crf " + crf));
    job.videoBitrate().ifPresent(bitrate -> unused.add("video bitrate " + bitrate));
    job.preset().ifPresent(preset -> unused.add("preset '" + preset + "'"));
    if (unused.isEmpty()) {
      return List.of();
    }
    return List.of(String.join(", ", unused) + " ignored: the video was stream-copied from the sources,"
        + " nothing was encoded; set streamCopy(false) to re-encode with these settings");
  }
}
