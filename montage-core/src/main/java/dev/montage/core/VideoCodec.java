package dev.montage.core;

import java.util.Locale;

/**
 * The output's video codec, set with {@link MontageBuilder#videoCodec} or taken from the output's
 * container ({@link #forContainer}): {@code .webm} gets VP9, every other container H.264. Each
 * render checks that the FFmpeg build on the class path has an encoder for it and says which one ran
 * ({@link RenderResult#videoEncoder()}).
 */
public enum VideoCodec {
  /** H.264/AVC, plays everywhere: libx264 on the GPL build, OpenH264 on the LGPL build. */
  H264("h264", "H.264"),
  /** H.265/HEVC, about half H.264's size at the same quality: libx265, on the GPL build only. */
  HEVC("hevc", "HEVC"),
  /** AV1, royalty-free and the smallest files, the slowest to encode: SVT-AV1, in both builds. */
  AV1("av1", "AV1"),
  /** VP9, royalty-free, the web's WebM codec: libvpx, in both builds. */
  VP9("vp9", "VP9");

  private final String id;
  private final String displayName;

  VideoCodec(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  /** The name FFmpeg gives the codec (its decoder's name): {@code h264}, {@code hevc}, {@code av1}, {@code vp9}. */
  public String id() {
    return id;
  }

  /** The codec's usual name: {@code H.264}, {@code HEVC}, {@code AV1}, {@code VP9}. */
  public String displayName() {
    return displayName;
  }

  /** The codec an output in {@code container} (an extension such as {@code webm}) gets unless one is set. */
  public static VideoCodec forContainer(String container) {
    return "webm".equals(container.toLowerCase(Locale.ROOT)) ? VP9 : H264;
  }

  /** Whether {@code container} can hold this codec: WebM takes only the royalty-free VP9 and AV1. */
  public boolean fits(String container) {
    return !"webm".equals(container.toLowerCase(Locale.ROOT)) || this == VP9 || this == AV1;
  }

  /**
   * The codec named {@code name}, case-insensitively: {@code h264} (or {@code avc}), {@code hevc}
   * (or {@code h265}), {@code av1}, {@code vp9}.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static VideoCodec parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "h264", "h.264", "avc" -> H264;
      case "hevc", "h265", "h.265" -> HEVC;
      case "av1" -> AV1;
      case "vp9" -> VP9;
      default -> throw new IllegalArgumentException("unknown video codec '" + name + "': use h264, hevc, av1 or vp9");
    };
  }
}
