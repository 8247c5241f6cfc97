package dev.montage.core;

import java.util.Objects;

/**
 * How text looks: its size, colour, weight, where it sits in the frame and what is behind it.
 * Text is drawn with the fonts bundled in the renderer (Noto Sans, with Noto Sans Arabic and
 * Hebrew for those scripts, right-to-left text laid out as such), so it looks the same on every
 * machine. Start from {@link #title()} or {@link #lowerThird()} and adjust with the {@code with}
 * methods.
 *
 * @param size the height of the font as a share of the frame's height, {@value #MIN_SIZE} to
 *     {@value #MAX_SIZE}
 * @param color the text's colour as {@code 0xRRGGBB}
 * @param bold whether the text is bold
 * @param placement where the text sits in the frame
 * @param background what is behind the text as {@code 0xAARRGGBB}: a title card's whole frame
 *     (opaque: alpha is ignored there), or a box around a text over video (0 for none)
 *     <p>Serializable, so that segment tasks carry it to the processes that draw it.
 */
public record TextStyle(double size, int color, boolean bold, Placement placement, int background)
    implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** Smallest font size accepted: 2 % of the frame's height (about 22 px at 1080p). */
  public static final double MIN_SIZE = 0.02;
  /** Largest font size accepted: a third of the frame's height. */
  public static final double MAX_SIZE = 0.33;

  /** Checks for null; ranges are validated by {@link MontageBuilder#build()}. */
  public TextStyle {
    Objects.requireNonNull(placement, "placement");
  }

  /** Where text sits: its block of lines centred horizontally, at one of these heights. */
  public enum Placement {
    /** Near the top edge. */
    TOP,
    /** In the middle of the frame. */
    CENTER,
    /** Its middle two thirds of the way down: a lower third. */
    LOWER_THIRD,
    /** Near the bottom edge. */
    BOTTOM
  }

  /** A title card's style: large bold white text in the middle of a black frame. */
  public static TextStyle title() {
    return new TextStyle(0.1, 0xFFFFFF, true, Placement.CENTER, 0xFF000000);
  }

  /** A caption's style: white text two thirds down, on a translucent dark box. */
  public static TextStyle lowerThird() {
    return new TextStyle(0.06, 0xFFFFFF, false, Placement.LOWER_THIRD, 0x99000000);
  }

  /** This style with the font {@code share} of the frame's height. */
  public TextStyle withSize(double share) {
    return new TextStyle(share, color, bold, placement, background);
  }

  /** This style with text of colour {@code rgb} ({@code 0xRRGGBB}). */
  public TextStyle withColor(int rgb) {
    return new TextStyle(size, rgb & 0xFFFFFF, bold, placement, background);
  }

  /** This style with {@code argb} behind the text ({@code 0xAARRGGBB}; 0 for nothing). */
  public TextStyle withBackground(int argb) {
    return new TextStyle(size, color, bold, placement, argb);
  }

  /** This style at {@code where}. */
  public TextStyle at(Placement where) {
    return new TextStyle(size, color, bold, where, background);
  }

  /** This style bold or not. */
  public TextStyle withBold(boolean on) {
    return new TextStyle(size, color, on, placement, background);
  }
}
