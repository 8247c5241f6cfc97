package dev.montage.ffmpeg.internal.plan;

import dev.montage.core.Transition;
import java.io.Serializable;

/**
 * How a clip comes in over the one before it: the style of the job's {@link Transition} at that
 * boundary and the frames the two clips overlap, as a plain value a segment task carries.
 *
 * @param style what the overlap looks like
 * @param frames frames the clip overlaps the one before; 0 for a cut
 */
public record Entrance(Style style, int frames) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A hard cut: no overlap. */
  public static final Entrance CUT = new Entrance(Style.CUT, 0);

  /** Checks that only a cut has no frames. */
  public Entrance {
    if ((style == Style.CUT) != (frames == 0) || frames < 0) {
      throw new IllegalArgumentException(style + " over " + frames + " frames");
    }
  }

  /** The entrance of {@code transition} clamped to {@code frames} (a cut when none are left). */
  public static Entrance of(Transition transition, int frames) {
    return frames <= 0 ? CUT : new Entrance(Style.of(transition), frames);
  }

  /**
   * How far the transition has got at overlap frame {@code k} (0-based): {@code (k + 1) / (n + 1)},
   * so that neither clip shows unchanged inside the overlap and, for an odd {@code n}, the middle
   * frame is at exactly one half.
   */
  public double progress(long k) {
    return (k + 1) / (double) (frames + 1);
  }

  /** What an overlap looks like: one constant per kind and direction of {@link Transition}. */
  public enum Style {
    /** No overlap. */
    CUT,
    /** Blend of the two pictures. */
    CROSSFADE,
    /** Through black. */
    DIP_BLACK,
    /** Through white. */
    DIP_WHITE,
    /** Edge moving left, the next clip behind it on the right. */
    WIPE_LEFT,
    /** Edge moving right. */
    WIPE_RIGHT,
    /** Edge moving up. */
    WIPE_UP,
    /** Edge moving down. */
    WIPE_DOWN,
    /** Next clip entering from the right, pushing the previous one out to the left. */
    SLIDE_LEFT,
    /** Next clip entering from the left. */
    SLIDE_RIGHT,
    /** Next clip entering from the bottom. */
    SLIDE_UP,
    /** Next clip entering from the top. */
    SLIDE_DOWN;

    /** The style of {@code transition}. */
    public static Style of(Transition transition) {
      if (transition instanceof Transition.Crossfade) {
        return CROSSFADE;
      } else if (transition instanceof Transition.Dip dip) {
        return dip.tone() == Transition.Tone.BLACK ? DIP_BLACK : DIP_WHITE;
      } else if (transition instanceof Transition.Wipe wipe) {
        return values()[WIPE_LEFT.ordinal() + wipe.direction().ordinal()];
      } else if (transition instanceof Transition.Slide slide) {
        return values()[SLIDE_LEFT.ordinal() + slide.direction().ordinal()];
      }
      return CUT;
    }

    /** Whether the sound dips too: the first clip's fades out over the first half, the next's in over the second. */
    public boolean dips() {
      return this == DIP_BLACK || this == DIP_WHITE;
    }
  }
}
