package dev.montage.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Music mixed under the clips' own audio for the whole montage, looped when shorter.
 *
 * @param source the audio (or video with audio) file
 * @param volume linear gain applied to the music, {@code 0 < volume <= 4} (up to about +12 dB);
 *     default {@value #DEFAULT_VOLUME} (about -6 dB). See {@link #withGainDb(double)} for decibels.
 * @param fadeIn fade-in at the start of the montage
 * @param fadeOut fade-out at the end of the montage
 * @param duckingDb how far the music drops wherever a clip's own sound plays, in decibels, from
 *     {@value #MIN_DUCKING_DB} to 0; 0 (the default) for no ducking. The drop ramps down over
 *     {@link #DUCK_ATTACK} before the clip's sound starts and back up over {@link #DUCK_RELEASE} after
 *     it ends.
 */
public record MusicBed(Path source, double volume, Duration fadeIn, Duration fadeOut, double duckingDb) {

  /** Default music gain: music sits under the clips' own sound. */
  public static final double DEFAULT_VOLUME = 0.5;

  /** Default fade at either end: long enough to avoid a click, short enough to keep the beat. */
  public static final Duration DEFAULT_FADE = Duration.ofSeconds(2);

  /** Ducking of {@link #withDucking()}: the music a quarter as loud under speech. */
  public static final double DEFAULT_DUCKING_DB = -12;
  /** Deepest ducking accepted. */
  public static final double MIN_DUCKING_DB = -40;
  /** How long the music takes to drop, ending where a clip's sound starts. */
  public static final Duration DUCK_ATTACK = Duration.ofMillis(150);
  /** How long the music takes to come back, starting where a clip's sound ends. */
  public static final Duration DUCK_RELEASE = Duration.ofMillis(400);

  /** Checks only for nulls; ranges are validated by {@link MontageBuilder#build()}. */
  public MusicBed {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fadeIn, "fadeIn");
    Objects.requireNonNull(fadeOut, "fadeOut");
  }

  /** Music without ducking. */
  public MusicBed(Path source, double volume, Duration fadeIn, Duration fadeOut) {
    this(source, volume, fadeIn, fadeOut, 0);
  }

  /** Music at the default volume with the default fades. */
  public static MusicBed of(Path source) {
    return new MusicBed(source, DEFAULT_VOLUME, DEFAULT_FADE, DEFAULT_FADE);
  }

  /** This music ducked by {@value #DEFAULT_DUCKING_DB} dB wherever a clip's own sound plays. */
  public MusicBed withDucking() {
    return withDucking(DEFAULT_DUCKING_DB);
  }

  /**
   * This music ducked by {@code db} decibels ({@value #MIN_DUCKING_DB} to 0) wherever a clip's own
   * sound plays: a clip whose source has sound and that is not muted.
   */
  public MusicBed withDucking(double db) {
    return new MusicBed(source, volume, fadeIn, fadeOut, db);
  }

  /**
   * This music with its gain given in decibels: {@code 0} keeps the music's level, {@code -6}
   * about halves it, {@code +6} about doubles it ({@code volume = 10^(dB / 20)}). The range is that
   * of {@link #volume()}, checked by {@link MontageBuilder#build()}: above about +12 dB, or not a
   * finite number, the job is invalid.
   */
  public MusicBed withGainDb(double db) {
    return new MusicBed(source, Math.pow(10, db / 20), fadeIn, fadeOut, duckingDb);
  }

  /** This music with {@code fadeIn} and {@code fadeOut}; zero for none. */
  public MusicBed withFades(Duration fadeIn, Duration fadeOut) {
    return new MusicBed(source, volume, fadeIn, fadeOut, duckingDb);
  }

  /** The gain in decibels, {@code 20 * log10(volume)}: about -6.02 for the default volume. */
  public double gainDb() {
    return 20 * Math.log10(volume);
  }
}
