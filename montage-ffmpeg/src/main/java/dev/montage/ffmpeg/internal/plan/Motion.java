package dev.montage.ffmpeg.internal.plan;

import dev.montage.core.PanZoom;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * How a picture moves in the frame: the part of it shown at the first and at the last frame, eased
 * in between (smoothstep), as fractions of its displayed size. A still image's Ken Burns, or a video
 * clip's pan and zoom (its frames cropped as they play). {@link #WHOLE}: the whole picture,
 * unmoving, as every clip without a {@link PanZoom} shows.
 *
 * @param from the part shown at the first frame
 * @param to the part shown at the last frame
 */
public record Motion(Crop from, Crop to) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The whole image, unmoving. */
  public static final Motion WHOLE = new Motion(Crop.WHOLE, Crop.WHOLE);

  /** The motion of {@code panZoom}; {@link #WHOLE} for none. */
  public static Motion of(@Nullable PanZoom panZoom) {
    return panZoom == null ? WHOLE : new Motion(Crop.of(panZoom.from()), Crop.of(panZoom.to()));
  }

  /** Whether the part shown changes over time. */
  public boolean moves() {
    return !from.equals(to);
  }

  /** Whether the whole picture shows throughout: nothing to crop or move. */
  public boolean isWhole() {
    return from.equals(Crop.WHOLE) && to.equals(Crop.WHOLE);
  }

  /** The part shown at {@code t} (0 at the first frame, 1 at the last), eased in and out. */
  public Crop at(double t) {
    double clamped = Math.max(0, Math.min(1, t));
    double e = clamped * clamped * (3 - 2 * clamped);
    return new Crop(mix(from.x(), to.x(), e), mix(from.y(), to.y(), e), mix(from.width(), to.width(), e),
        mix(from.height(), to.height(), e));
  }

  /** The smallest share of the image's width (index 0) and height (index 1) ever shown: how far it zooms in. */
  public double[] smallestShares() {
    return new double[] {Math.min(from.width(), to.width()), Math.min(from.height(), to.height())};
  }

  private static double mix(double a, double b, double e) {
    return a + (b - a) * e;
  }

  /**
   * A rectangle of an image, as fractions of its displayed width and height.
   *
   * @param x left edge
   * @param y top edge
   * @param width share of the width
   * @param height share of the height
   */
  public record Crop(double x, double y, double width, double height) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The whole image. */
    public static final Crop WHOLE = new Crop(0, 0, 1, 1);

    /** The crop of {@code region}. */
    static Crop of(PanZoom.Region region) {
      return new Crop(region.x(), region.y(), region.width(), region.height());
    }
  }
}
