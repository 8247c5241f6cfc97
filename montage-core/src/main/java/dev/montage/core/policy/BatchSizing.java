package dev.montage.core.policy;

/**
 * How many clips one segment holds, from the output resolution and the memory available. Smaller
 * batches bound native memory on large frames; every batch becomes one independently rendered
 * segment.
 */
@FunctionalInterface
public interface BatchSizing {

  /** Pixels of 1920x1080: at or below, {@link #BATCH_UP_TO_1080P} clips a batch. */
  long PIXELS_1080P = 2_073_600L;
  /** Pixels of 3840x2160: at or below (above 1080p), {@link #BATCH_UP_TO_4K} clips a batch. */
  long PIXELS_4K = 8_294_400L;
  /** Batch size up to 1080p. */
  int BATCH_UP_TO_1080P = 25;
  /** Batch size above 1080p up to 4K: 4K frames are four times larger. */
  int BATCH_UP_TO_4K = 8;
  /** Batch size above 4K. */
  int BATCH_ABOVE_4K = 2;

  /** The default: {@link #forResolution}, batches by output pixels, halved and quartered on small memory. */
  BatchSizing DEFAULT = BatchSizing::forResolution;

  /**
   * Clips per batch for frames of {@code width} x {@code height} with {@code memoryGb} GiB usable.
   *
   * @return at least 1
   */
  int batchSize(int width, int height, double memoryGb);

  /**
   * The default policy: 25 clips up to 2,073,600 pixels, 8 up to 8,294,400, else 2; then a quarter
   * of that (at least 1) below 4 GB of memory, half (at least 1) below 8 GB, else all of it.
   */
  static int forResolution(int width, int height, double memoryGb) {
    long pixels = (long) width * height;
    int base;
    if (pixels <= PIXELS_1080P) {
      base = BATCH_UP_TO_1080P;
    } else if (pixels <= PIXELS_4K) {
      base = BATCH_UP_TO_4K;
    } else {
      base = BATCH_ABOVE_4K;
    }
    if (memoryGb < 4) {
      return Math.max(1, base / 4);
    }
    if (memoryGb < 8) {
      return Math.max(1, base / 2);
    }
    return base;
  }
}
