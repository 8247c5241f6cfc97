package dev.montage.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A source video and its length, as {@link MontageArbitraries#clips} needs to generate clips that
 * stay inside it; or a still image ({@link #image}), of which it makes stills.
 *
 * @param path the video or image file
 * @param duration the video's length, &gt; 0; zero for an image
 * @param image whether the file is a still image (PNG, JPEG or WebP)
 */
public record SourceInfo(Path path, Duration duration, boolean image) {

  /**
   * Checks for nulls and a positive duration (zero for an image).
   *
   * @throws IllegalArgumentException when a video's duration is not positive
   */
  public SourceInfo {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(duration, "duration");
    if (!image && (duration.isZero() || duration.isNegative())) {
      throw new IllegalArgumentException("duration of " + path + " must be > 0 but was " + duration);
    }
  }

  /** A video of {@code duration}. */
  public SourceInfo(Path path, Duration duration) {
    this(path, duration, false);
  }

  /** The still image at {@code path}: {@link MontageArbitraries#clip} makes stills of it, some panning. */
  public static SourceInfo image(Path path) {
    return new SourceInfo(path, Duration.ZERO, true);
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
