package dev.montage.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Music mixed under the clips' own audio for the whole montage, looped when shorter.
 *
 * @param source the audio (or video with audio) file
 * @param volume linear gain applied to the music, {@code 0 < volume <= 4}; default {@value #DEFAULT_VOLUME}
 * @param fadeIn fade-in at the start of the montage
 * @param fadeOut fade-out at the end of the montage
 */
public record MusicBed(Path source, double volume, Duration fadeIn, Duration fadeOut) {

  /** Default music gain: music sits under the clips' own sound. */
  public static final double DEFAULT_VOLUME = 0.5;

  /** Default fade at either end: long enough to avoid a click, short enough to keep the beat. */
  public static final Duration DEFAULT_FADE = Duration.ofSeconds(2);

  /** Checks only for nulls; ranges are validated by {@link MontageBuilder#build()}. */
  public MusicBed {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fadeIn, "fadeIn");
    Objects.requireNonNull(fadeOut, "fadeOut");
  }

  /** Music at the default volume with the default fades. */
  public static MusicBed of(Path source) {
    return new MusicBed(source, DEFAULT_VOLUME, DEFAULT_FADE, DEFAULT_FADE);
  }
}
