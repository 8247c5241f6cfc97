package dev.montage.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The FFmpeg time-budget policy against the stability plan (section 3.2):
 * {@code floor(30 * (1 + sizeMb/500) * (1 + pixels/8,294,400) * (gpu ? 0.3 : 1)) + 60} seconds.
 */
class FfmpegTimeoutsTest {

  private static final Duration FIXED = Duration.ofSeconds(60);

  // Hand-computed points.

  @Example
  void timeout_emptyFileNoPixelsNoGpu() {
    // floor(30 * 1 * 1) + 60
    assertEquals(Duration.ofSeconds(90), FfmpegTimeouts.forJob(0, 0, 0, false));
  }

  @Example
  void timeout_500Mb4kNoGpu() {
    // floor(30 * 2 * 2) + 60
    assertEquals(Duration.ofSeconds(180), FfmpegTimeouts.forJob(500, 3840, 2160, false));
  }

  @Example
  void timeout_500Mb4kWithGpu() {
    // floor(30 * 2 * 2 * 0.3) = floor(36) + 60
    assertEquals(Duration.ofSeconds(96), FfmpegTimeouts.forJob(500, 3840, 2160, true));
  }

  @Example
  void timeout_1000Mb1080pNoGpu() {
    // floor(30 * 3 * 1.25) = floor(112.5) + 60
    assertEquals(Duration.ofSeconds(172), FfmpegTimeouts.forJob(1000, 1920, 1080, false));
  }

  @Example
  void timeout_250Mb8kNoGpu() {
    // 8K is four 4K frames: floor(30 * 1.5 * 5) = 225 + 60
    assertEquals(Duration.ofSeconds(285), FfmpegTimeouts.forJob(250, 7680, 4320, false));
  }

  @Example
  void timeout_250Mb8kWithGpu() {
    // floor(225 * 0.3) = floor(67.5) + 60
    assertEquals(Duration.ofSeconds(127), FfmpegTimeouts.forJob(250, 7680, 4320, true));
  }

  @Example
  void timeout_emptyFileWithGpu() {
    // floor(30 * 0.3) = 9 + 60
    assertEquals(Duration.ofSeconds(69), FfmpegTimeouts.forJob(0, 0, 0, true));
  }

  // Inputs outside the plan's domain.

  @Example
  void timeout_negativeSizeCountsAsZero() {
    assertEquals(FfmpegTimeouts.forJob(0, 1920, 1080, false), FfmpegTimeouts.forJob(-100, 1920, 1080, false));
  }

  @Example
  void timeout_unknownSizeCountsAsZero() {
    assertEquals(FfmpegTimeouts.forJob(0, 1920, 1080, false),
        FfmpegTimeouts.forJob(Double.NaN, 1920, 1080, false));
  }

  @Example
  void timeout_infiniteSizeSaturates() {
    Duration timeout = FfmpegTimeouts.forJob(Double.POSITIVE_INFINITY, 7680, 4320, false);
    assertTrue(timeout.compareTo(Duration.ofDays(365)) > 0, timeout::toString);
  }

  @Example
  void timeout_largestSidesDoNotOverflow() {
    Duration timeout = FfmpegTimeouts.forJob(Double.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, false);
    assertTrue(timeout.compareTo(Duration.ofDays(365)) > 0, timeout::toString);
  }

  @Example
  void default_isForJob() {
    assertEquals(FfmpegTimeouts.forJob(123, 1280, 720, true), FfmpegTimeouts.DEFAULT.timeout(123, 1280, 720, true));
  }

  // Laws.

  @Property
  void timeout_matchesExactArithmetic(
      @ForAll @DoubleRange(min = 0, max = 1_000_000) double sizeMb,
      @ForAll @IntRange(min = 0, max = 16_384) int width,
      @ForAll @IntRange(min = 0, max = 16_384) int height,
      @ForAll boolean gpu) {
    // Exact decimal arithmetic; the double version may land one second lower right at an integer.
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal sizeFactor = BigDecimal.ONE.add(new BigDecimal(sizeMb).divide(BigDecimal.valueOf(500), mc));
    BigDecimal resFactor = BigDecimal.ONE.add(
        BigDecimal.valueOf((long) width * height).divide(BigDecimal.valueOf(8_294_400), mc));
    BigDecimal exact = BigDecimal.valueOf(30).multiply(sizeFactor, mc).multiply(resFactor, mc)
        .multiply(gpu ? new BigDecimal("0.3") : BigDecimal.ONE, mc);
    long expected = exact.setScale(0, RoundingMode.FLOOR).longValueExact() + 60;
    long actual = FfmpegTimeouts.forJob(sizeMb, width, height, gpu).getSeconds();
    assertTrue(actual == expected || actual == expected - 1,
        () -> "expected " + expected + " s but was " + actual + " s");
  }

  @Property
  void timeout_neverBelowTheFixedAllowance(
      @ForAll double sizeMb, @ForAll int width, @ForAll int height, @ForAll boolean gpu) {
    assertTrue(FfmpegTimeouts.forJob(sizeMb, width, height, gpu).compareTo(FIXED) >= 0);
  }

  @Property
  void timeout_nonDecreasingInSize(
      @ForAll @DoubleRange(min = -10, max = 1_000_000) double sizeMb1,
      @ForAll @DoubleRange(min = -10, max = 1_000_000) double sizeMb2,
      @ForAll @IntRange(min = 0, max = 16_384) int width,
      @ForAll @IntRange(min = 0, max = 16_384) int height,
      @ForAll boolean gpu) {
    Assume.that(sizeMb1 <= sizeMb2);
    assertTrue(FfmpegTimeouts.forJob(sizeMb1, width, height, gpu)
        .compareTo(FfmpegTimeouts.forJob(sizeMb2, width, height, gpu)) <= 0);
  }

  @Property
  void timeout_nonDecreasingInPixels(
      @ForAll @DoubleRange(min = 0, max = 1_000_000) double sizeMb,
      @ForAll @IntRange(min = 0, max = 16_384) int width1,
      @ForAll @IntRange(min = 0, max = 16_384) int height1,
      @ForAll @IntRange(min = 0, max = 16_384) int width2,
      @ForAll @IntRange(min = 0, max = 16_384) int height2,
      @ForAll boolean gpu) {
    Assume.that((long) width1 * height1 <= (long) width2 * height2);
    assertTrue(FfmpegTimeouts.forJob(sizeMb, width1, height1, gpu)
        .compareTo(FfmpegTimeouts.forJob(sizeMb, width2, height2, gpu)) <= 0);
  }

  @Property
  void timeout_gpuNeverSlower(
      @ForAll double sizeMb,
      @ForAll @IntRange(min = 0, max = 16_384) int width,
      @ForAll @IntRange(min = 0, max = 16_384) int height) {
    assertTrue(FfmpegTimeouts.forJob(sizeMb, width, height, true)
        .compareTo(FfmpegTimeouts.forJob(sizeMb, width, height, false)) <= 0);
  }
}
