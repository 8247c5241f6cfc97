package dev.montage.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The batch-size policy against the stability plan's table (section 2.1). */
class BatchSizingTest {

  // Tier edges, exactly as the plan writes them, at >= 8 GB.

  @Example
  void batchSize_atThe1080pEdge() {
    assertEquals(2_073_600L, 1920L * 1080);
    assertEquals(25, BatchSizing.forResolution(1920, 1080, 8));
  }

  @Example
  void batchSize_onePixelAbove1080p() {
    assertEquals(8, BatchSizing.forResolution(2_073_601, 1, 8));
  }

  @Example
  void batchSize_atThe4kEdge() {
    assertEquals(8_294_400L, 3840L * 2160);
    assertEquals(8, BatchSizing.forResolution(3840, 2160, 8));
  }

  @Example
  void batchSize_onePixelAbove4k() {
    assertEquals(2, BatchSizing.forResolution(8_294_401, 1, 8));
  }

  @Example
  void batchSize_8kWithPlentyOfMemory() {
    assertEquals(2, BatchSizing.forResolution(7680, 4320, 64));
  }

  // Memory adjustments: below 4 GB a quarter, below 8 GB a half, both with integer division and a floor of 1.

  @Example
  void batchSize_4kWithLowMemory() {
    assertEquals(2, BatchSizing.forResolution(3840, 2160, 3.9));
  }

  @Example
  void batchSize_8kWithLowMemory() {
    assertEquals(1, BatchSizing.forResolution(7680, 4320, 3.9));
  }

  @Example
  void batchSize_1080pJustBelowEightGb() {
    assertEquals(12, BatchSizing.forResolution(1920, 1080, 7.99));
  }

  @Example
  void batchSize_1080pJustBelowFourGb() {
    assertEquals(6, BatchSizing.forResolution(1920, 1080, 3.99));
  }

  @Example
  void batchSize_4kJustBelowEightGb() {
    assertEquals(4, BatchSizing.forResolution(3840, 2160, 7.99));
  }

  @Example
  void batchSize_8kJustBelowEightGb() {
    assertEquals(1, BatchSizing.forResolution(7680, 4320, 7.99));
  }

  @Example
  void batchSize_exactlyFourGbIsHalved() {
    assertEquals(12, BatchSizing.forResolution(1920, 1080, 4.0));
  }

  @Example
  void batchSize_exactlyEightGbIsFull() {
    assertEquals(25, BatchSizing.forResolution(1920, 1080, 8.0));
  }

  @Example
  void batchSize_zeroPixels() {
    assertEquals(25, BatchSizing.forResolution(0, 0, 16));
  }

  @Example
  void batchSize_largestSidesDoNotOverflow() {
    assertEquals(2, BatchSizing.forResolution(Integer.MAX_VALUE, Integer.MAX_VALUE, 16));
  }

  @Example
  void batchSize_unknownMemoryStillAtLeastOne() {
    assertTrue(BatchSizing.forResolution(7680, 4320, Double.NaN) >= 1);
  }

  @Example
  void default_isForResolution() {
    assertEquals(BatchSizing.forResolution(3840, 2160, 6), BatchSizing.DEFAULT.batchSize(3840, 2160, 6));
  }

  // Laws.

  @Property
  void batchSize_matchesThePlanTable(
      @ForAll @IntRange(min = 0, max = 16_384) int width,
      @ForAll @IntRange(min = 0, max = 16_384) int height,
      @ForAll @DoubleRange(min = 0, max = 256) double memoryGb) {
    assertEquals(plan(width, height, memoryGb), BatchSizing.forResolution(width, height, memoryGb));
  }

  @Property
  void batchSize_nonIncreasingInPixels(
      @ForAll @IntRange(min = 0, max = 16_384) int width1,
      @ForAll @IntRange(min = 0, max = 16_384) int height1,
      @ForAll @IntRange(min = 0, max = 16_384) int width2,
      @ForAll @IntRange(min = 0, max = 16_384) int height2,
      @ForAll @DoubleRange(min = 0, max = 256) double memoryGb) {
    Assume.that((long) width1 * height1 <= (long) width2 * height2);
    assertTrue(BatchSizing.forResolution(width1, height1, memoryGb)
        >= BatchSizing.forResolution(width2, height2, memoryGb));
  }

  @Property
  void batchSize_nonIncreasingAlongPixelCount(
      @ForAll @IntRange(min = 0, max = 70_000_000) int pixels,
      @ForAll @IntRange(min = 0, max = 10_000_000) int more,
      @ForAll @DoubleRange(min = 0, max = 256) double memoryGb) {
    // width x 1 walks the pixel axis one by one, so the tier edges are crossed, not skipped.
    assertTrue(BatchSizing.forResolution(pixels, 1, memoryGb)
        >= BatchSizing.forResolution(pixels + more, 1, memoryGb));
  }

  @Property
  void batchSize_nonDecreasingInMemory(
      @ForAll @IntRange(min = 0, max = 16_384) int width,
      @ForAll @IntRange(min = 0, max = 16_384) int height,
      @ForAll @DoubleRange(min = 0, max = 256) double memoryGb1,
      @ForAll @DoubleRange(min = 0, max = 256) double memoryGb2) {
    Assume.that(memoryGb1 <= memoryGb2);
    assertTrue(BatchSizing.forResolution(width, height, memoryGb1)
        <= BatchSizing.forResolution(width, height, memoryGb2));
  }

  @Property
  void batchSize_neverBelowOne(@ForAll int width, @ForAll int height, @ForAll double memoryGb) {
    assertTrue(BatchSizing.forResolution(width, height, memoryGb) >= 1);
  }

  @Property
  void batchSize_neverAboveTheLargestBatch(@ForAll int width, @ForAll int height, @ForAll double memoryGb) {
    assertTrue(BatchSizing.forResolution(width, height, memoryGb) <= BatchSizing.BATCH_UP_TO_1080P);
  }

  /** The plan's Python, transcribed independently of the production code. */
  private static int plan(int width, int height, double memoryGb) {
    long pixels = (long) width * height;
    int base = pixels <= 2_073_600L ? 25 : pixels <= 8_294_400L ? 8 : 2;
    if (memoryGb < 4) {
      return Math.max(1, base / 4);
    }
    if (memoryGb < 8) {
      return Math.max(1, base / 2);
    }
    return base;
  }
}
