package dev.montage.core;

import java.util.Objects;

/**
 * A slow pan and zoom over a clip's picture (the "Ken Burns" effect on a still image; a moving
 * crop of a video clip): the part of the picture shown moves from {@code from} to {@code to} over
 * the clip's length in the montage, eased in and out (smoothstep), each part fitted into the frame
 * with its aspect kept. {@code from} equal to {@code to} holds one crop throughout. See
 * {@link Clip#withPanZoom(PanZoom)}.
 *
 * @param from the part of the picture shown at the first frame
 * @param to the part shown at the last frame
 */
public record PanZoom(Region from, Region to) {

  /** Checks for nulls; the regions are validated by {@link MontageBuilder#build()}. */
  public PanZoom {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** A zoom from the whole image into {@code region} of it. */
  public static PanZoom zoomInto(Region region) {
    return new PanZoom(Region.WHOLE, region);
  }

  /** A zoom from {@code region} out to the whole image. */
  public static PanZoom zoomOutOf(Region region) {
    return new PanZoom(region, Region.WHOLE);
  }

  /**
   * A rectangle of a picture as fractions of its displayed width and height (after an image's EXIF
   * orientation or a video's rotation is applied): {@code 0 <= x}, {@code 0 <= y},
   * {@code x + width <= 1}, {@code y + height <= 1}, both sides above 0.
   *
   * @param x left edge, from 0 (the picture's left) to 1
   * @param y top edge, from 0 (the picture's top) to 1
   * @param width share of the picture's width
   * @param height share of the picture's height
   */
  public record Region(double x, double y, double width, double height) {

    /** The whole image. */
    public static final Region WHOLE = new Region(0, 0, 1, 1);

    /** The centred region of {@code share} of each side: {@code centred(0.5)} is the middle quarter. */
    public static Region centred(double share) {
      return new Region((1 - share) / 2, (1 - share) / 2, share, share);
    }

    /** Whether the region lies inside the image and is not empty. */
    public boolean valid() {
      return x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= 1 + 1e-9 && y + height <= 1 + 1e-9;
    }
  }
}
