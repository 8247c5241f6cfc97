package dev.montage.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A source video and its length, as {@link MontageArbitraries#clips} needs to generate clips that
 * stay inside it.
 *
 * @param path the video file
 * @param duration its length, &gt; 0
 */
public record SourceInfo(Path path, Duration duration) {

  /**
   * Checks for nulls and a positive duration.
   *
   * @throws IllegalArgumentException when the duration is not positive
   */
  public SourceInfo {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(duration, "duration");
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("duration of " + path + " must be > 0 but was " + duration);
    }
  }

  /**
   * The cached synthetic file for {@code spec} ({@link SyntheticMedia#cached}) with its exact length:
   * {@code frameCount / fps}.
   *
   * @throws SyntheticMediaException when the file can not be written
   */
  public static SourceInfo synthetic(SyntheticSpec spec) {
    long nanos = Math.round(spec.frameCount() / spec.fps() * 1e9);
    return new SourceInfo(SyntheticMedia.cached(spec), Duration.ofNanos(nanos));
  }
}
