package dev.montage.core;

import dev.montage.core.internal.JobValidator;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How one clip gives way to the next: set for every boundary with
 * {@link MontageBuilder#transition(Transition)} or for one with
 * {@link MontageBuilder#transitionAfter(int, Transition)}.
 *
 * <p>Every transition but {@link #cut()} overlaps the two clips for its {@link #duration()}: the
 * next clip starts that long before the previous one ends, so each such boundary makes the montage
 * that much shorter, and a clip must last at least as long as the transitions at its two ends
 * together. Over the overlap of {@code n} frames, frame {@code k} (0-based) is drawn at progress
 * {@code p = (k + 1) / (n + 1)}, so neither clip is shown unchanged inside it and, for an odd
 * {@code n}, the middle frame is drawn at exactly {@code p = 1/2}: a crossfade's even blend, a
 * dip's plain colour, a wipe's or a slide's edge across the middle of the picture. Sound crossfades
 * linearly under every transition but a dip, under which the first clip's sound fades out over
 * the first half and the next clip's fades in over the second.
 */
public sealed interface Transition
    permits Transition.Cut, Transition.Crossfade, Transition.Dip, Transition.Wipe, Transition.Slide {

  /** How long the two clips overlap; {@link Duration#ZERO} for a cut. */
  Duration duration();

  /** A hard cut: the next clip's first frame follows the previous clip's last. */
  static Transition cut() {
    return Cut.INSTANCE;
  }

  /** The pictures blend from one to the other: at progress {@code p}, {@code (1 - p) * a + p * b}. */
  static Transition crossfade(Duration duration) {
    return new Crossfade(duration);
  }

  /** A fade to black over the first half and from black over the second. */
  static Transition dipToBlack(Duration duration) {
    return new Dip(duration, Tone.BLACK);
  }

  /** A fade to white over the first half and from white over the second. */
  static Transition dipToWhite(Duration duration) {
    return new Dip(duration, Tone.WHITE);
  }

  /**
   * A straight edge travels across the picture in {@code direction}, the next clip showing behind
   * it: at progress {@code p} the next clip covers the share {@code p} of the picture at the side
   * the edge moves away from ({@link Direction#LEFT}: the right-hand side).
   */
  static Transition wipe(Direction direction, Duration duration) {
    return new Wipe(duration, direction);
  }

  /**
   * The next clip slides in moving in {@code direction} and pushes the previous one out ahead of
   * it: at progress {@code p} both have moved by the share {@code p} of the picture
   * ({@link Direction#LEFT}: the next clip enters from the right-hand edge).
   */
  static Transition slide(Direction direction, Duration duration) {
    return new Slide(duration, direction);
  }

  /** Which way a wipe's edge or a slide's pictures move. */
  enum Direction {
    /** Towards the left-hand edge. */
    LEFT,
    /** Towards the right-hand edge. */
    RIGHT,
    /** Towards the top. */
    UP,
    /** Towards the bottom. */
    DOWN;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The colour a dip passes through. */
  enum Tone {
    /** Black (video range: Y 16). */
    BLACK,
    /** White (video range: Y 235). */
    WHITE;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** See {@link Transition#cut()}. */
  record Cut() implements Transition {
    private static final Cut INSTANCE = new Cut();

    @Override
    public Duration duration() {
      return Duration.ZERO;
    }

    @Override
    public String toString() {
      return "cut";
    }
  }

  /**
   * See {@link Transition#crossfade(Duration)}.
   *
   * @param duration how long the clips overlap
   */
  record Crossfade(Duration duration) implements Transition {
    /** Checks for null; the length is validated by {@link MontageBuilder#build()}. */
    public Crossfade {
      Objects.requireNonNull(duration, "duration");
    }

    @Override
    public String toString() {
      return "crossfade " + JobValidator.seconds(duration);
    }
  }

  /**
   * See {@link Transition#dipToBlack(Duration)}.
   *
   * @param duration how long the clips overlap
   * @param tone the colour passed through
   */
  record Dip(Duration duration, Tone tone) implements Transition {
    /** Checks for nulls; the length is validated by {@link MontageBuilder#build()}. */
    public Dip {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(tone, "tone");
    }

    @Override
    public String toString() {
      return "dip to " + tone + " " + JobValidator.seconds(duration);
    }
  }

  /**
   * See {@link Transition#wipe(Direction, Duration)}.
   *
   * @param duration how long the clips overlap
   * @param direction which way the edge moves
   */
  record Wipe(Duration duration, Direction direction) implements Transition {
    /** Checks for nulls; the length is validated by {@link MontageBuilder#build()}. */
    public Wipe {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(direction, "direction");
    }

    @Override
    public String toString() {
      return "wipe " + direction + " " + JobValidator.seconds(duration);
    }
  }

  /**
   * See {@link Transition#slide(Direction, Duration)}.
   *
   * @param duration how long the clips overlap
   * @param direction which way the pictures move
   */
  record Slide(Duration duration, Direction direction) implements Transition {
    /** Checks for nulls; the length is validated by {@link MontageBuilder#build()}. */
    public Slide {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(direction, "direction");
    }

    @Override
    public String toString() {
      return "slide " + direction + " " + JobValidator.seconds(duration);
    }
  }
}
