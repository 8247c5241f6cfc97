package dev.montage.core;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a running render.
 *
 * @param framesDone output frames finished so far
 * @param framesTotal output frames the job will produce
 * @param segment the segment most recently worked on, 1-based
 * @param segmentCount how many segments the job has
 * @param eta estimated time left, or {@code null} while too early to say
 */
public record Progress(
    long framesDone, long framesTotal, int segment, int segmentCount, @Nullable Duration eta) {

  /** Fraction done between 0 and 1. */
  public double fraction() {
    return framesTotal <= 0 ? 0 : Math.min(1.0, (double) framesDone / framesTotal);
  }

  /** The estimated time left, when known. */
  public Optional<Duration> timeLeft() {
    return Optional.ofNullable(eta);
  }
}
