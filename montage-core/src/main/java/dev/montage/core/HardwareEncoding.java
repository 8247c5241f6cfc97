package dev.montage.core;

/**
 * Whether the video is encoded on a GPU's encoder (NVIDIA NVENC, Intel Quick Sync or VAAPI, which
 * both FFmpeg builds carry) or in software, set with {@link MontageBuilder#hardwareEncoding}.
 */
public enum HardwareEncoding {
  /** Software encoders only (the default): the same output on every machine. */
  OFF,
  /**
   * The first GPU encoder that opens for the output: NVENC where an NVIDIA GPU is detected, Quick
   * Sync where an Intel GPU has a render node, VAAPI where any GPU has one; otherwise software, with
   * every reason in {@link RenderResult#warnings()} and one WARN line.
   */
  AUTO,
  /** A GPU encoder or nothing: a machine without one fails the job with {@link EncodingException} saying why. */
  REQUIRED
}
