package dev.montage.ffmpeg.internal.compose;

import dev.montage.ffmpeg.internal.plan.Entrance;
import java.nio.ByteBuffer;

/**
 * Draws one frame of a transition: the outgoing clip's canvas and the incoming one's composed
 * into a third at the entrance's progress (see {@link Entrance#progress}).
 *
 * <p>Design: wipes and slides are bulk copies of row spans between direct buffers (no per-pixel
 * work, no allocation); their edge falls on an even column or row so that the 4:2:0 chroma planes
 * split at exactly half of it and no chroma sample straddles two clips. Crossfades and dips are the
 * canvas's blends.
 */
public final class TransitionPainter {

  private static final byte[] BLACK = {16, (byte) 128, (byte) 128};
  private static final byte[] WHITE = {(byte) 235, (byte) 128, (byte) 128};

  private TransitionPainter() {}

  /** Draws overlap frame {@code k} of {@code entrance} from {@code from} (outgoing) and {@code to} into {@code target}. */
  public static void paint(Entrance entrance, long k, Canvas from, Canvas to, Canvas target) {
    double p = entrance.progress(k);
    switch (entrance.style()) {
      case CROSSFADE -> target.blend(from, to, p);
      case DIP_BLACK, DIP_WHITE -> {
        byte[] tone = entrance.style() == Entrance.Style.DIP_BLACK ? BLACK : WHITE;
        // Out to the tone over the first half, in from it over the second: plain tone at p = 1/2.
        if (p < 0.5) {
          target.fade(from, 2 * p, tone);
        } else {
          target.fade(to, 2 * (1 - p), tone);
        }
      }
      case WIPE_LEFT -> columns(target, to, from, target.width() - edge(p, target.width()), true);
      case WIPE_RIGHT -> columns(target, from, to, edge(p, target.width()), true);
      case WIPE_UP -> rows(target, to, from, target.height() - edge(p, target.height()), true);
      case WIPE_DOWN -> rows(target, from, to, edge(p, target.height()), true);
      case SLIDE_LEFT -> columns(target, to, from, target.width() - edge(p, target.width()), false);
      case SLIDE_RIGHT -> columns(target, from, to, edge(p, target.width()), false);
      case SLIDE_UP -> rows(target, to, from, target.height() - edge(p, target.height()), false);
      case SLIDE_DOWN -> rows(target, from, to, edge(p, target.height()), false);
      case CUT -> throw new IllegalStateException("a cut has no overlap to paint");
    }
  }

  /** The share {@code p} of {@code side} pixels, rounded to an even number. */
  static int edge(double p, int side) {
    return Math.min(side, 2 * (int) Math.round(p * side / 2));
  }

  /**
   * Left of column {@code split}: {@code left}; from it on: {@code right}. A wipe shows each
   * picture where it stands; a slide shows the left one's right-hand end and the right one's
   * left-hand start, as if both had moved.
   */
  private static void columns(Canvas target, Canvas right, Canvas left, int split, boolean wipe) {
    for (int index = 0; index < 3; index++) {
      Plane plane = Plane.of(target, index, split);
      int leftFrom = wipe ? 0 : plane.width() - plane.split();
      int rightFrom = wipe ? plane.split() : 0;
      for (int y = 0; y < plane.height(); y++) {
        int row = plane.offset() + y * plane.width();
        copy(target, row, left, row + leftFrom, plane.split());
        copy(target, row + plane.split(), right, row + rightFrom, plane.width() - plane.split());
      }
    }
  }

  /** Above row {@code split}: {@code top}; from it on: {@code bottom}; as {@link #columns} turned. */
  private static void rows(Canvas target, Canvas bottom, Canvas top, int split, boolean wipe) {
    for (int index = 0; index < 3; index++) {
      Plane plane = Plane.of(target, index, split);
      int w = plane.width();
      int at = plane.split();
      int topFrom = wipe ? 0 : plane.height() - at;
      int bottomFrom = wipe ? at : 0;
      copy(target, plane.offset(), top, plane.offset() + topFrom * w, at * w);
      copy(target, plane.offset() + at * w, bottom, plane.offset() + bottomFrom * w, (plane.height() - at) * w);
    }
  }

  /**
   * Plane {@code index} (Y, U, V) of a canvas: where it starts, its size, and the edge at
   * {@code split} luma pixels in its own samples (half of it in the chroma planes).
   */
  private record Plane(int offset, int width, int height, int split) {

    static Plane of(Canvas canvas, int index, int split) {
      int width = canvas.width();
      int height = canvas.height();
      if (index == 0) {
        return new Plane(0, width, height, split);
      }
      return new Plane(width * height + (index - 1) * (width / 2) * (height / 2), width / 2, height / 2, split / 2);
    }
  }

  private static void copy(Canvas target, int at, Canvas source, int from, int length) {
    if (length > 0) {
      ByteBuffer pixels = target.pixels();
      pixels.put(at, source.pixels(), from, length);
    }
  }
}
