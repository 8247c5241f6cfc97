package dev.montage.ffmpeg.internal.plan;

import dev.montage.core.PanZoom;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * How a still image is shown: the part of it in the frame at the first and at the last frame,
 * eased in between (smoothstep), as fractions of its displayed size. Unmoving stills show the
 * whole image throughout.
 *
 * @param from the part shown at the first frame
 * @param to the part shown at the last frame
 */
public record StillMotion(Crop from, Crop to) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The whole image, unmoving. */
  public static final StillMotion WHOLE = new StillMotion(Crop.WHOLE, Crop.WHOLE);

  /** The motion of {@code panZoom}; {@link #WHOLE} for none. */
  public static StillMotion of(@Nullable PanZoom panZoom) {
    return panZoom == null ? WHOLE : new StillMotion(Crop.of(panZoom.from()), Crop.of(panZoom.to()));
  }

  /** Whether the part shown changes over time. */
  public boolean moves() {
    return !from.equals(to);
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
