package dev.montage.ffmpeg.internal.compose;

import dev.montage.ffmpeg.internal.plan.StillMotion.Crop;
import java.nio.ByteBuffer;

/**
 * A decoded still image, turned upright (its rotation applied once), kept as yuv420p planes on
 * the heap, from which any part is drawn into a canvas: fitted with its aspect kept, centred,
 * scaled bilinearly. A still without motion is drawn once; a pan and zoom draws a moving part
 * every frame, so the image is decoded only as large as its deepest zoom needs (see
 * {@code StillReader}), never at a camera's full resolution without need.
 */
public final class StillImage {

  private final Plane luma;
  private final Plane blue;
  private final Plane red;
  private byte[] row = new byte[0];
  private int[] columns = new int[0];
  private int[] weights = new int[0];

  private StillImage(Plane luma, Plane blue, Plane red) {
    this.luma = luma;
    this.blue = blue;
    this.red = red;
  }

  /**
   * Copies a yuv420p picture of {@code width} x {@code height} (luma row stride {@code stride},
   * chroma {@code stride / 2}, planes contiguous in {@code src}) turned clockwise by {@code rotation}.
   */
  public static StillImage of(ByteBuffer src, int width, int height, int stride, int rotation) {
    int lumaSize = stride * height;
    int chromaStride = stride / 2;
    int chromaSize = chromaStride * (height / 2);
    return new StillImage(
        Plane.turned(src, 0, stride, width, height, rotation),
        Plane.turned(src, lumaSize, chromaStride, width / 2, height / 2, rotation),
        Plane.turned(src, lumaSize + chromaSize, chromaStride, width / 2, height / 2, rotation));
  }

  /** Displayed width. */
  public int width() {
    return luma.width();
  }

  /** Displayed height. */
  public int height() {
    return luma.height();
  }

  /** Draws part {@code crop} of the image into {@code canvas}, fitted and centred, black around it. */
  public void draw(Canvas canvas, Crop crop) {
    double cropW = crop.width() * width();
    double cropH = crop.height() * height();
    double scale = Math.min(canvas.width() / cropW, canvas.height() / cropH);
    int boxW = Math.max(2, Math.min(canvas.width(), (int) Math.round(cropW * scale)) & ~1);
    int boxH = Math.max(2, Math.min(canvas.height(), (int) Math.round(cropH * scale)) & ~1);
    Box box = new Box(((canvas.width() - boxW) / 2) & ~1, ((canvas.height() - boxH) / 2) & ~1, boxW, boxH);
    if (boxW < canvas.width() || boxH < canvas.height()) {
      canvas.clear();
    }
    int lumaSize = canvas.width() * canvas.height();
    Window window = new Window(crop.x() * width(), crop.y() * height(), cropW, cropH);
    scale(luma, window, canvas, 0, box);
    Window half = new Window(window.x() / 2, window.y() / 2, window.width() / 2, window.height() / 2);
    Box halfBox = new Box(box.x() / 2, box.y() / 2, box.width() / 2, box.height() / 2);
    scale(blue, half, canvas, lumaSize, halfBox);
    scale(red, half, canvas, lumaSize + lumaSize / 4, halfBox);
  }

  /** Bilinear: output pixel centres mapped into {@code window} of {@code plane}, 8-bit fixed-point weights. */
  private void scale(Plane plane, Window window, Canvas canvas, int planeOffset, Box box) {
    int stride = canvas.width() / (planeOffset == 0 ? 1 : 2);
    if (columns.length < box.width()) {
      columns = new int[box.width()];
      weights = new int[box.width()];
    }
    if (row.length < box.width()) {
      row = new byte[box.width()];
    }
    double stepX = window.width() / box.width();
    for (int dx = 0; dx < box.width(); dx++) {
      double fx = clamp(window.x() + (dx + 0.5) * stepX - 0.5, plane.width() - 1);
      columns[dx] = (int) fx;
      weights[dx] = (int) Math.round((fx - (int) fx) * 256);
    }
    double stepY = window.height() / box.height();
    byte[] data = plane.data();
    int w = plane.width();
    ByteBuffer pixels = canvas.pixels();
    for (int dy = 0; dy < box.height(); dy++) {
      double fy = clamp(window.y() + (dy + 0.5) * stepY - 0.5, plane.height() - 1);
      int y0 = (int) fy;
      int y1 = Math.min(y0 + 1, plane.height() - 1);
      int wy = (int) Math.round((fy - y0) * 256);
      int top = y0 * w;
      int bottom = y1 * w;
      for (int dx = 0; dx < box.width(); dx++) {
        int x0 = columns[dx];
        int x1 = Math.min(x0 + 1, w - 1);
        int wx = weights[dx];
        int upper = (data[top + x0] & 0xFF) * (256 - wx) + (data[top + x1] & 0xFF) * wx;
        int lower = (data[bottom + x0] & 0xFF) * (256 - wx) + (data[bottom + x1] & 0xFF) * wx;
        row[dx] = (byte) ((upper * (256 - wy) + lower * wy + 32768) >> 16);
      }
      pixels.put(planeOffset + (box.y() + dy) * stride + box.x(), row, 0, box.width());
    }
  }

  private static double clamp(double value, int max) {
    return Math.max(0, Math.min(max, value));
  }

  /** Where a part is drawn on a canvas plane. */
  private record Box(int x, int y, int width, int height) {}

  /** The part of a plane read, in its pixels. */
  private record Window(double x, double y, double width, double height) {}

  /** One plane of the upright image. */
  private record Plane(byte[] data, int width, int height) {

    /** Reads a plane of {@code w} x {@code h} (row stride {@code stride}) at {@code offset}, turned clockwise. */
    static Plane turned(ByteBuffer src, int offset, int stride, int w, int h, int rotation) {
      byte[] stored = new byte[w * h];
      for (int y = 0; y < h; y++) {
        src.get(offset + y * stride, stored, y * w, w);
      }
      return switch (rotation) {
        case 0 -> new Plane(stored, w, h);
        case 180 -> {
          byte[] turned = new byte[w * h];
          for (int i = 0; i < turned.length; i++) {
            turned[i] = stored[turned.length - 1 - i];
          }
          yield new Plane(turned, w, h);
        }
        case 90 -> {
          // shown (x, y) = stored (y, h - 1 - x); shown size h x w
          byte[] turned = new byte[w * h];
          for (int y = 0; y < w; y++) {
            for (int x = 0; x < h; x++) {
              turned[y * h + x] = stored[(h - 1 - x) * w + y];
            }
          }
          yield new Plane(turned, h, w);
        }
        case 270 -> {
          // shown (x, y) = stored (w - 1 - y, x)
          byte[] turned = new byte[w * h];
          for (int y = 0; y < w; y++) {
            for (int x = 0; x < h; x++) {
              turned[y * h + x] = stored[x * w + (w - 1 - y)];
            }
          }
          yield new Plane(turned, h, w);
        }
        default -> throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270 but was " + rotation);
      };
    }
  }
}
