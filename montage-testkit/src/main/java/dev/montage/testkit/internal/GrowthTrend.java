package dev.montage.testkit.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Decides whether a series of per-run samples grows: the median of the last quarter of the runs
 * against the median of the second quarter. The first quarter is warm-up (caches, arenas, lazily
 * loaded code); medians ignore the odd spike; comparing quarters instead of first and last run
 * tolerates glibc keeping freed arenas, which makes memory step up and then plateau. Pure function
 * of its inputs.
 */
public final class GrowthTrend {

  /** Fewest samples a trend needs: two per quarter. */
  public static final int MIN_SAMPLES = 8;

  private GrowthTrend() {}

  /**
   * A sentence describing the growth of {@code samples} beyond {@code tolerance}, or empty when it
   * does not grow that much.
   *
   * @param what the quantity, for the sentence
   * @param format renders a value (bytes as MB, counts as numbers)
   */
  public static Optional<String> growth(String what, long[] samples, long tolerance, LongFunction<String> format) {
    if (samples.length < MIN_SAMPLES) {
      throw new IllegalArgumentException("a trend needs at least " + MIN_SAMPLES + " samples but got " + samples.length);
    }
    int quarter = samples.length / 4;
    int secondFrom = quarter;
    int lastFrom = samples.length - quarter;
    long second = median(samples, secondFrom, secondFrom + quarter);
    long last = median(samples, lastFrom, samples.length);
    long growth = last - second;
    if (growth <= tolerance) {
      return Optional.empty();
    }
    double runsApart = (lastFrom + quarter / 2.0) - (secondFrom + quarter / 2.0);
    return Optional.of(String.format(Locale.ROOT,
        "%s grew from %s (median of runs %d-%d) to %s (median of runs %d-%d): +%s, over the tolerance of %s;"
            + " about %s per run",
        what, format.apply(second), secondFrom + 1, secondFrom + quarter, format.apply(last), lastFrom + 1,
        samples.length, format.apply(growth), format.apply(tolerance),
        format.apply(Math.round(growth / runsApart))));
  }

  static long median(long[] samples, int from, int to) {
    long[] part = Arrays.copyOfRange(samples, from, to);
    Arrays.sort(part);
    int middle = part.length / 2;
    return part.length % 2 == 1 ? part[middle] : (part[middle - 1] + part[middle]) / 2;
  }
}
