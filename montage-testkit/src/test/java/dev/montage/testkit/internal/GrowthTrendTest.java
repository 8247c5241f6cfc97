package dev.montage.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrowthTrendTest {

  @Test
  void growth_flatSeriesIsFine() {
    assertEquals(Optional.empty(), GrowthTrend.growth("x", series(100, i -> 500), 0, Long::toString));
  }

  @Test
  void growth_warmUpThenPlateauIsFine() {
    // Memory steps up during the first quarter (arenas, caches) and then stays: not a leak.
    long[] samples = series(100, i -> i < 20 ? 100 + 10 * i : 300);

    assertEquals(Optional.empty(), GrowthTrend.growth("x", samples, 0, Long::toString));
  }

  @Test
  void growth_ignoresSpikes() {
    long[] samples = series(100, i -> i % 10 == 9 ? 10_000 : 500);

    assertEquals(Optional.empty(), GrowthTrend.growth("x", samples, 0, Long::toString));
  }

  @Test
  void growth_steadyGrowthIsReportedWithPerRunRate() {
    long[] samples = series(100, i -> 1000 + 10L * i);

    String text = GrowthTrend.growth("native memory", samples, 100, Long::toString).orElseThrow();

    assertEquals("native memory grew from 1370 (median of runs 26-50) to 1870 (median of runs 76-100): +500,"
        + " over the tolerance of 100; about 10 per run", text);
  }

  @Test
  void growth_withinToleranceIsFine() {
    assertEquals(Optional.empty(), GrowthTrend.growth("x", series(40, i -> i), 100, Long::toString));
  }

  @Test
  void growth_needsEightSamples() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> GrowthTrend.growth("x", new long[7], 0, Long::toString));
    assertTrue(error.getMessage().contains("at least 8"));
  }

  @Test
  void median_ofOddAndEvenRanges() {
    long[] values = {5, 1, 4, 2, 3, 100};
    assertEquals(3, GrowthTrend.median(values, 0, 5));
    assertEquals(2, GrowthTrend.median(values, 1, 5), "even count: mean of the middle two, rounded down");
  }

  private static long[] series(int length, java.util.function.IntToLongFunction value) {
    long[] samples = new long[length];
    for (int i = 0; i < length; i++) {
      samples[i] = value.applyAsLong(i);
    }
    return samples;
  }
}
