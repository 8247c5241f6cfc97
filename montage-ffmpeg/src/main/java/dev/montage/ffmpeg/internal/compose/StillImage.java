package dev.montage.ffmpeg.internal.compose;

import dev.montage.ffmpeg.internal.plan.Motion.Crop;
import java.nio.ByteBuffer;

/**
 * A decoded picture, turned upright (its rotation applied as it is loaded), kept as yuv420p planes
 * on the heap, from which any part is drawn into a canvas: fitted with its aspect kept, centred,
 * scaled bilinearly. A still without motion is drawn once; a pan and zoom draws a moving part
 * every frame, so the picture is decoded only as large as its deepest zoom needs (see
 * {@code TimelinePlanner.zoomedSize}), never at a camera's full resolution without need. A video that pans and
 * zooms loads each decoded frame into the same image ({@link #load}), reusing its planes.
 */
public final class StillImage {

  private static final Plane EMPTY = new Plane(new byte[0], 0, 0);

  private Plane luma = EMPTY;
  private Plane blue = EMPTY;
  private Plane red = EMPTY;
  /** The stored (unturned) rows of a plane being turned. */
  private byte[] stored = new byte[0];
  private byte[] row = new byte[0];
  private int[] columns = new int[0];
  private int[] weights = new int[0];

  /** An empty image, to {@link #load} pictures into. */
  public StillImage() {}

  /**
   * Copies a yuv420p picture of {@code width} x {@code height} (luma row stride {@code stride},
   * chroma {@code stride / 2}, planes contiguous in {@code src}) turned clockwise by {@code rotation}.
   */
  public static StillImage of(ByteBuffer src, int width, int height, int stride, int rotation) {
    StillImage image = new StillImage();
    image.load(src, width, height, stride, rotation);
    image.stored = new byte[0]; // loaded once: the turning space is not needed again
    return image;
  }

  /**
   * Replaces the picture with {@code src} (laid out as for {@link #of}), reusing this image's planes
   * where the size is unchanged, as it is for a video's frames one after another.
   */
  public void load(ByteBuffer src, int width, int height, int stride, int rotation) {
    if (rotation % 90 != 0 || rotation < 0 || rotation > 270) {
      throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270 but was " + rotation);
    }
    int lumaSize = stride * height;
    int chromaStride = stride / 2;
    int chromaSize = chromaStride * (height / 2);
    luma = turned(src, new Layout(0, stride, width, height), rotation, luma);
    blue = turned(src, new Layout(lumaSize, chromaStride, width / 2, height / 2), rotation, blue);
    red = turned(src, new Layout(lumaSize + chromaSize, chromaStride, width / 2, height / 2), rotation, red);
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

  /** Where a stored plane lies in a source buffer. */
  private record Layout(int offset, int stride, int width, int height) {}

  /**
   * The plane at {@code layout} in {@code src}, turned clockwise by {@code rotation}, written into
   * {@code previous}'s array where its size fits.
   */
  private Plane turned(ByteBuffer src, Layout layout, int rotation, Plane previous) {
    int w = layout.width();
    int h = layout.height();
    boolean sideways = rotation % 180 != 0;
    int shownW = sideways ? h : w;
    int shownH = sideways ? w : h;
    byte[] shown = previous.width() == shownW && previous.height() == shownH ? previous.data() : new byte[w * h];
    if (rotation != 0 && stored.length < w * h) {
      stored = new byte[w * h];
    }
    byte[] rows = rotation == 0 ? shown : stored;
    for (int y = 0; y < h; y++) {
      src.get(layout.offset() + y * layout.stride(), rows, y * w, w);
    }
    switch (rotation) {
      case 180 -> {
        int last = w * h - 1;
        for (int i = 0; i <= last; i++) {
          shown[i] = rows[last - i];
        }
      }
      case 90 -> {
        // shown (x, y) = stored (y, h - 1 - x); shown size h x w
        for (int y = 0; y < w; y++) {
          for (int x = 0; x < h; x++) {
            shown[y * h + x] = rows[(h - 1 - x) * w + y];
          }
        }
      }
      case 270 -> {
        // shown (x, y) = stored (w - 1 - y, x)
        for (int y = 0; y < w; y++) {
          for (int x = 0; x < h; x++) {
            shown[y * h + x] = rows[x * w + (w - 1 - y)];
          }
        }
      }
      default -> {
        // 0: the rows were read straight into place
      }
    }
    return new Plane(shown, shownW, shownH);
  }

  /** One plane of the upright image. */
  private record Plane(byte[] data, int width, int height) {}
}
