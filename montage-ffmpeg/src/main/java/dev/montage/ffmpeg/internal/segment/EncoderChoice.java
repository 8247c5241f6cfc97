package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.EncodingException;
import dev.montage.core.RenderSettings;
import dev.montage.core.VideoCodec;
import dev.montage.ffmpeg.internal.media.FfmpegLogging;
import dev.montage.ffmpeg.internal.plan.MemoryBudget;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.montage.core.HardwareEncoding;
import dev.montage.core.policy.Hardware;
import dev.montage.ffmpeg.internal.media.FfmpegError;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * Picks the encoder the FFmpeg build on the class path really has for the output's codec (H.264:
 * libx264 on the GPL build, else libopenh264; HEVC: libx265, GPL build only; AV1: SVT-AV1; VP9:
 * libvpx), and maps the job's rate control onto it: an explicit video bitrate goes
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
  /** The HEVC encoder (GPL build). */
  public static final String X265 = "libx265";
  /** The AV1 encoder (both builds). */
  public static final String SVT_AV1 = "libsvtav1";
  /** The VP9 encoder (both builds). */
  public static final String VPX_VP9 = "libvpx-vp9";
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

  /**
   * The encoder this build offers for {@code codec}.
   *
   * @throws EncodingException when the build has none, saying which build does
   */
  public static String encoder(VideoCodec codec) {
    return switch (codec) {
      case H264 -> h264();
      case HEVC -> require(X265, "HEVC", "HEVC is encoded by libx265, which only the GPL build has: depend on"
          + " montage-ffmpeg-gpl (see the guide's licence section), or choose H.264, AV1 or VP9");
      case AV1 -> require(SVT_AV1, "AV1", "put org.bytedeco:ffmpeg natives for this platform on the class path");
      case VP9 -> require(VPX_VP9, "VP9", "put org.bytedeco:ffmpeg natives for this platform on the class path");
    };
  }

  private static String require(String encoder, String codec, String advice) {
    if (!available(encoder)) {
      throw EncodingException.noEncoder(codec, advice);
    }
    return encoder;
  }

  /**
   * The encoder that runs for {@code codec} under {@code mode}, and what AUTO could not honour.
   *
   * @param encoder the FFmpeg encoder name
   * @param warning why AUTO fell back to software, if it did
   */
  public record Choice(String encoder, Optional<String> warning) {}

  /**
   * Picks a hardware encoder where {@code mode} asks for one: NVENC where an NVIDIA GPU was
   * detected, else Quick Sync where an Intel GPU has a render node, else VAAPI where any GPU has one
   * (Intel, AMD), each only if it opens at {@code width} x {@code height}; else the software encoder
   * (AUTO, with every reason) or a typed failure (REQUIRED). VAAPI's encoders are fed GPU surfaces by
   * {@link FrameEncoder}.
   *
   * @throws EncodingException with REQUIRED when no hardware encoder can encode here, or when the
   *     build has no software encoder for {@code codec}
   */
  public static Choice choose(VideoCodec codec, HardwareEncoding mode, Hardware hardware, int width, int height,
      double fps) {
    if (mode == HardwareEncoding.OFF) {
      return new Choice(encoder(codec), Optional.empty());
    }
    List<String> why = new ArrayList<>();
    Size size = new Size(width, height, fps);
    Optional<String> chosen = hardware.gpuAvailable()
        ? opened(hardwareEncoder(codec, "nvenc"), "NVENC", size, why)
        : none("no NVIDIA GPU was detected (nvidia-smi did not answer)", why);
    if (chosen.isEmpty()) {
      chosen = RenderNodes.HAS_INTEL ? opened(hardwareEncoder(codec, "qsv"), "Quick Sync", size, why)
          : none("no Intel GPU render node for Quick Sync (" + RenderNodes.DRM + ")", why);
    }
    if (chosen.isEmpty()) {
      chosen = RenderNodes.VAAPI_DEVICE.isPresent() ? opened(hardwareEncoder(codec, "vaapi"), "VAAPI", size, why)
          : none("no GPU render node for VAAPI (" + RenderNodes.DRM + ")", why);
    }
    if (chosen.isPresent()) {
      return new Choice(chosen.get(), Optional.empty());
    }
    String reasons = String.join("; ", why);
    if (mode == HardwareEncoding.REQUIRED) {
      throw EncodingException.noEncoder("hardware " + codec.displayName(), reasons
          + "; use hardwareEncoding(AUTO) to fall back to software, or OFF");
    }
    String software = encoder(codec);
    return new Choice(software, Optional.of("hardware encoding (AUTO) fell back to " + software + ": " + reasons));
  }

  /** The size an encoder must open at. */
  private record Size(int width, int height, double fps) {}

  /** {@code name} where it is in the build and opens at {@code size}; else empty, with the reason added to {@code why}. */
  private static Optional<String> opened(String name, String family, Size size, List<String> why) {
    if (name.isEmpty()) {
      return none(family + " has no encoder for this codec", why);
    }
    if (!available(name)) {
      return none("this FFmpeg build has no " + name, why);
    }
    Optional<String> failure = tryOpen(name, size.width(), size.height(), size.fps());
    if (failure.isEmpty()) {
      return Optional.of(name);
    }
    return none(name + " did not open at " + size.width() + "x" + size.height() + ": " + failure.get(), why);
  }

  private static Optional<String> none(String reason, List<String> why) {
    why.add(reason);
    return Optional.empty();
  }

  /**
   * FFmpeg's name of {@code codec}'s encoder in hardware {@code family} ({@code nvenc}, {@code qsv},
   * {@code vaapi}); empty for none.
   */
  static String hardwareEncoder(VideoCodec codec, String family) {
    return switch (codec) {
      case H264 -> "h264_" + family;
      case HEVC -> "hevc_" + family;
      case AV1 -> "av1_" + family;
      case VP9 -> family.equals("nvenc") ? "" : "vp9_" + family;
    };
  }

  /** Whether {@code encoder} takes only pictures in GPU memory (VAAPI's), which {@link FrameEncoder} feeds. */
  static boolean takesGpuSurfaces(String encoder) {
    return encoder.endsWith("_vaapi");
  }

  /** The pixel format {@code encoder} is fed to write {@code profile}: 10 bits for HEVC Main 10. */
  public static int pixelFormat(String encoder, String profile) {
    return "main10".equals(profile) ? avutil.AV_PIX_FMT_YUV420P10LE : pixelFormat(encoder);
  }

  /** The pixel format {@code encoder} is fed: NV12 for Quick Sync (it takes system-memory NV12), else yuv420p. */
  public static int pixelFormat(String encoder) {
    return encoder.endsWith("_qsv") ? avutil.AV_PIX_FMT_NV12 : avutil.AV_PIX_FMT_YUV420P;
  }

  /** The GPU render nodes sysfs lists (what Quick Sync and VAAPI need), read once. */
  static final class RenderNodes {
    static final java.nio.file.Path DRM = java.nio.file.Path.of("/sys/class/drm");
    static final String INTEL = "0x8086";
    static final String NVIDIA = "0x10de";
    /** Some render node belongs to an Intel GPU: Quick Sync may work. */
    static final boolean HAS_INTEL = first(DRM, INTEL::equals).isPresent();
    /**
     * The device of the first render node that is not an NVIDIA GPU's (which has no VAAPI driver):
     * where VAAPI is opened, so that a machine with an NVIDIA and an Intel or AMD GPU uses the latter.
     */
    static final Optional<String> VAAPI_DEVICE = first(DRM, vendor -> !vendor.equals(NVIDIA)).map(node -> "/dev/dri/" + node);

    private RenderNodes() {}

    /**
     * The name of the first {@code renderD*} node (in name order) {@code drm} lists whose device's
     * vendor passes {@code vendor} (an unreadable vendor is empty); empty when none does or there is
     * no sysfs.
     */
    static Optional<String> first(java.nio.file.Path drm, java.util.function.Predicate<String> vendor) {
      try (java.util.stream.Stream<java.nio.file.Path> nodes = java.nio.file.Files.list(drm)) {
        return nodes.map(node -> node.getFileName().toString()).filter(name -> name.startsWith("renderD")).sorted()
            .filter(name -> vendor.test(vendor(drm.resolve(name).resolve("device/vendor")))).findFirst();
      } catch (java.io.IOException | SecurityException e) {
        return Optional.empty(); // no sysfs (not Linux, a container without it): no render node to try
      }
    }

    private static String vendor(java.nio.file.Path file) {
      try {
        return java.nio.file.Files.readString(file).strip();
      } catch (java.io.IOException | SecurityException e) {
        return "";
      }
    }
  }

  /** Opens {@code name} once on a throwaway context: the reason it fails, or empty when it opens. */
  static Optional<String> tryOpen(String name, int width, int height, double fps) {
    if (takesGpuSurfaces(name)) {
      return FrameEncoder.tryOpen(name, width, height, fps);
    }
    FfmpegLogging.install();
    AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
    if (codec == null || codec.isNull()) {
      return Optional.of("not in this build");
    }
    AVCodecContext context = avcodec.avcodec_alloc_context3(codec);
    if (context == null || context.isNull()) {
      return Optional.of("no memory for an encoder context");
    }
    try {
      context.width(width);
      context.height(height);
      context.pix_fmt(pixelFormat(name));
      AVRational rate = avutil.av_d2q(fps, 1_001_000);
      context.framerate(rate);
      context.time_base(avutil.av_inv_q(rate));
      int result = avcodec.avcodec_open2(context, codec, (AVDictionary) null);
      if (result >= 0) {
        return Optional.empty();
      }
      String words = FfmpegError.describe(result);
      return Optional.of("error " + result + (words.isEmpty() ? "" : " (" + words + ")"));
    } finally {
      avcodec.avcodec_free_context(context);
    }
  }

  /** FFmpeg's codec id of encoder {@code name} (the muxer's stream tag follows it). */
  public static int codecId(String name) {
    AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
    return codec == null || codec.isNull() ? avcodec.AV_CODEC_ID_NONE : codec.id();
  }

  /**
   * Encoder options that trade a little compression for speed where an encoder's own default is far
   * slower than x264's {@code veryfast} (SVT-AV1's preset, libvpx's deadline), so a montage encodes
   * at a similar pace whatever the codec; empty for the others.
   */
  public static Map<String, String> speedOptions(String encoder) {
    return switch (encoder) {
      case "h264_nvenc", "hevc_nvenc", "av1_nvenc" -> Map.of("preset", "p4");
      case "h264_qsv", "hevc_qsv", "av1_qsv", "vp9_qsv" -> Map.of("preset", "veryfast");
      case SVT_AV1 -> Map.of("preset", "10");
      case VPX_VP9 -> Map.of("deadline", "realtime", "cpu-used", "8", "row-mt", "1");
      default -> Map.of();
    };
  }

  /**
   * The encoder's private options for {@code encoder}: its preset, the speed options, the CRF, x264's
   * parameters, the profile and the thread count, each where set (bitrate and GOP are context fields).
   */
  static Map<String, String> options(EncoderSettings encoder) {
    Map<String, String> options = new java.util.LinkedHashMap<>();
    if (!encoder.preset().isEmpty()) {
      options.put("preset", encoder.preset());
    }
    options.putAll(speedOptions(encoder.codec()));
    if (encoder.crf() != NO_CRF) {
      options.put("crf", Integer.toString(encoder.crf()));
    }
    if (!encoder.x264Params().isEmpty() && encoder.codec().equals(X264)) {
      options.put("x264-params", encoder.x264Params());
    }
    if (!encoder.profile().isEmpty()) {
      options.put("profile", encoder.profile());
    }
    if (encoder.threads() > 0) {
      options.put("threads", Integer.toString(encoder.threads()));
    }
    return options;
  }

  /** Encoder settings for a job. */
  public static EncoderSettings settings(RenderSettings job, String codec, int width, int height, double fps, int threads) {
    boolean crfEncoder = CRF_ENCODERS.contains(codec);
    long bitrate = job.videoBitrate().orElse(job.quality().bitrate(width, height, fps));
    int crf = !crfEncoder || job.videoBitrate().isPresent() ? NO_CRF
        : job.crf().orElse(codec.equals(X265) ? job.quality().x265Crf() : job.quality().x264Crf());
    int gop = (int) Math.max(1, Math.round(fps * 2));
    String x264Params = codec.equals(X264) ? MemoryBudget.x264Params(width, height) : "";
    // x264's and x265's presets share names; the other encoders take none (see speedOptions).
    String preset = CRF_ENCODERS.contains(codec) ? job.preset().orElse(RenderSettings.DEFAULT_PRESET) : "";
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
        + " instead" + (codec.equals(OPENH264) ? ", or use the GPL build (libx264)" : "")));
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
