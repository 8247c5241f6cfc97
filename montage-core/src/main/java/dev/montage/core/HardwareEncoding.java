package dev.montage.core;

/**
 * Whether the video is encoded on a GPU's encoder (NVIDIA NVENC, which both FFmpeg builds carry) or
 * in software, set with {@link MontageBuilder#hardwareEncoding}.
 */
public enum HardwareEncoding {
  /** Software encoders only (the default): the same output on every machine. */
  OFF,
  /**
   * NVENC where an NVIDIA GPU is detected and its encoder opens for the output; otherwise software,
   * with the reason in {@link RenderResult#warnings()} and one WARN line.
   */
  AUTO,
  /** NVENC or nothing: a machine without it fails the job with {@link EncodingException} saying why. */
  REQUIRED
}
