package dev.montage.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One cut of a source video: the span from {@code in} (inclusive) to {@code out} (exclusive); or a
 * still image shown for a while ({@link #image(Path, Duration)}).
 *
 * <p>A clip without an out point runs to the end of its source. Instances are immutable; values
 * are checked as a whole by {@link MontageBuilder#build()}, which reports every problem at once.
 *
 * @param source the source video file
 * @param in where the clip starts in the source; {@link Duration#ZERO} for the start
 * @param out where the clip ends in the source, or {@code null} for the end of the source
 * @param gainDb the level of the clip's own sound in decibels, {@value #MIN_GAIN_DB} to
 *     {@value #MAX_GAIN_DB}; 0 (the default) keeps it as recorded
 * @param muted whether the clip's own sound is left out (silence under its picture)
 * @param speed how fast the clip plays, {@value #MIN_SPEED} to {@value #MAX_SPEED}; 1 (the default)
 *     as recorded, 2 twice as fast (it lasts half as long in the montage), 0.5 slow motion. The
 *     picture is retimed (each output frame shows the source frame at its scaled time) and the
 *     sound time-stretched with its pitch kept.
 * @param still whether the source is a still image (PNG, JPEG or WebP) shown from {@code in} (zero)
 *     to {@code out}: silent, fitted like video, turned by its EXIF orientation
 * @param panZoom the pan and zoom over the picture (a still's or a video's), or {@code null} to show
 *     it whole and unmoving
 * @param title the text of a title card ({@link #title(String, Duration, TextStyle)}), or
 *     {@code null} for a clip of a file; a title card has no source file ({@code source} is
 *     {@link #TITLE_SOURCE})
 */
public record Clip(Path source, Duration in, @Nullable Duration out, double gainDb, boolean muted, double speed,
    boolean still, @Nullable PanZoom panZoom, @Nullable Title title) {

  /** The {@link #source()} of a title card, which is drawn, not read. */
  public static final Path TITLE_SOURCE = Path.of("title-card");

  /** Quietest gain accepted: -60 dB is inaudible under anything else; mute instead. */
  public static final double MIN_GAIN_DB = -60;
  /** Loudest gain accepted: +12 dB, four times the amplitude; more only clips. */
  public static final double MAX_GAIN_DB = 12;
  /** Slowest speed accepted: a quarter, where each source frame shows four times at the same rate. */
  public static final double MIN_SPEED = 0.25;
  /** Fastest speed accepted: four times, where three source frames in four are skipped. */
  public static final double MAX_SPEED = 4;

  /** Checks only for nulls; ranges are validated by {@link MontageBuilder#build()}. */
  public Clip {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(in, "in");
  }

  /** A clip with its sound as recorded, at its own speed. */
  public Clip(Path source, Duration in, @Nullable Duration out) {
    this(source, in, out, 0, false, 1, false, null, null);
  }

  /**
   * A title card shown for {@code duration}: {@code text} on the style's background colour filling
   * the frame, silent (music, if any, plays on).
   */
  public static Clip title(String text, Duration duration, TextStyle style) {
    return new Clip(TITLE_SOURCE, Duration.ZERO, Objects.requireNonNull(duration, "duration"), 0, false, 1, false, null,
        new Title(text, style));
  }

  /**
   * The text of a title card.
   *
   * @param text the text; lines split at {@code \n}
   * @param style how it looks; its background fills the frame
   */
  public record Title(String text, TextStyle style) {
    /** Checks for nulls. */
    public Title {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(style, "style");
    }
  }

  /**
   * A still image shown for {@code duration}: a PNG, JPEG or WebP file, fitted into the frame like
   * video (letterboxed or pillarboxed), turned as its EXIF orientation says, silent.
   */
  public static Clip image(Path source, Duration duration) {
    return new Clip(source, Duration.ZERO, Objects.requireNonNull(duration, "duration"), 0, false, 1, true, null, null);
  }

  /**
   * This clip with {@code motion} over its picture (see {@link PanZoom}): a still's Ken Burns, or a
   * video clip cropped to a part that moves as it plays. Title cards do not pan or zoom.
   */
  public Clip withPanZoom(PanZoom motion) {
    return new Clip(source, in, out, gainDb, muted, speed, still, Objects.requireNonNull(motion, "motion"), title);
  }

  /** This clip with its sound at {@code db} decibels ({@code -6} halves the amplitude). */
  public Clip withGainDb(double db) {
    return new Clip(source, in, out, db, muted, speed, still, panZoom, title);
  }

  /** This clip without its own sound: silence under its picture (music, if any, still plays). */
  public Clip mute() {
    return new Clip(source, in, out, gainDb, true, speed, still, panZoom, title);
  }

  /**
   * This clip played {@code factor} times as fast ({@value #MIN_SPEED} to {@value #MAX_SPEED}): the
   * same span of the source lasts {@code 1 / factor} as long in the montage.
   */
  public Clip withSpeed(double factor) {
    return new Clip(source, in, out, gainDb, muted, factor, still, panZoom, title);
  }

  /** The factor the clip's samples are multiplied by: 0 when muted, else {@code 10^(gainDb / 20)}. */
  public double linearGain() {
    return muted ? 0 : Math.pow(10, gainDb / 20);
  }

  /** A clip of the whole source. */
  public static Clip whole(Path source) {
    return new Clip(source, Duration.ZERO, null);
  }

  /** A clip from {@code in} to {@code out} of the source. */
  public static Clip of(Path source, Duration in, Duration out) {
    return new Clip(source, in, Objects.requireNonNull(out, "out"));
  }

  /** The out point, when the clip does not run to the end of its source. */
  public Optional<Duration> outPoint() {
    return Optional.ofNullable(out);
  }

  /**
   * How long the clip lasts in the montage when its out point is known: the span of the source
   * divided by its {@link #speed()}, to the nanosecond.
   */
  public Optional<Duration> length() {
    if (out == null) {
      return Optional.empty();
    }
    Duration span = out.minus(in);
    if (speed == 1 || !(speed > 0)) {
      return Optional.of(span);
    }
    double seconds = (span.getSeconds() + span.getNano() / 1e9) / speed;
    return Optional.of(Math.abs(seconds) < 9e9 ? Duration.ofNanos(Math.round(seconds * 1e9))
        : Duration.ofSeconds((long) seconds));
  }

  /** {@code source@in-out} with the points in seconds, such as {@code a.mp4@2.0s-5.5s}. */
  @Override
  public String toString() {
    // getSeconds + getNano instead of toMillis, which overflows on absurd (but representable) points.
    if (title != null) {
      return "title '" + title.text() + "' " + (out == null ? "?" : seconds(out) + "s");
    }
    if (still) {
      return source + " still " + (out == null ? "?" : seconds(out) + "s") + (panZoom == null ? "" : " panning");
    }
    return source + "@" + seconds(in) + "s-" + (out == null ? "end" : seconds(out) + "s") + (panZoom == null ? "" : " panning")
        + (muted ? " muted" : gainDb != 0 ? String.format(java.util.Locale.ROOT, " %+.1f dB", gainDb) : "")
        + (speed != 1 ? String.format(java.util.Locale.ROOT, " at %sx", speed) : "");
  }

  private static double seconds(Duration point) {
    return point.getSeconds() + point.getNano() / 1e9;
  }
}
