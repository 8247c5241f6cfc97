package dev.montage.core.policy;

import java.time.Duration;

/**
 * The stall budget of the job's FFmpeg work: how long a segment, the join or a probe in a worker process may go without
 * making progress (a frame decoded or encoded, a packet copied), from the size of the media involved,
 * the output resolution and whether a GPU is present. Work that stalls past it is stopped and reported
 * as {@link dev.montage.core.RenderTimeoutException}; a job that keeps making progress never meets it
 * (for a limit on the whole job, see {@code MontageBuilder.timeout}).
 */
@FunctionalInterface
public interface FfmpegTimeouts {

  /** Base budget in seconds before scaling. */
  double BASE_SECONDS = 30;
  /** Every this many MB of input adds one base budget. */
  double MB_PER_STEP = 500;
  /** Every this many output pixels (one 4K frame) adds one base budget. */
  double PIXELS_PER_STEP = BatchSizing.PIXELS_4K;
  /** Factor applied with a GPU present. */
  double GPU_FACTOR = 0.3;
  /** Fixed allowance in seconds for start-up (loading natives, opening files). */
  long FIXED_SECONDS = 60;

  /** The default: {@link #forJob}, a budget growing with input size and output pixels, shorter with a GPU. */
  FfmpegTimeouts DEFAULT = FfmpegTimeouts::forJob;

  /** The budget for work on {@code fileSizeMb} MB of media at {@code width} x {@code height}. */
  Duration timeout(double fileSizeMb, int width, int height, boolean gpuAvailable);

  /**
   * The default policy: {@code floor(30 * (1 + sizeMb/500) * (1 + pixels/8,294,400) * (gpu ? 0.3 : 1))
   * + 60} seconds. Negative or unknown ({@code NaN}) sizes count as zero, so the result is never
   * below the budget of an empty file.
   */
  static Duration forJob(double fileSizeMb, int width, int height, boolean gpuAvailable) {
    double sizeMb = fileSizeMb > 0 ? fileSizeMb : 0; // also maps NaN to 0
    double pixels = Math.max(0, (double) width * height);
    double seconds = BASE_SECONDS
        * (1 + sizeMb / MB_PER_STEP)
        * (1 + pixels / PIXELS_PER_STEP)
        * (gpuAvailable ? GPU_FACTOR : 1.0);
    long whole = seconds >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : (long) Math.floor(seconds);
    return Duration.ofSeconds(whole + FIXED_SECONDS);
  }
}
