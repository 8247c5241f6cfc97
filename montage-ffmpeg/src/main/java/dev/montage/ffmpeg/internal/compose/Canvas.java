package dev.montage.ffmpeg.internal.compose;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One output-size yuv420p picture in a direct buffer that the encoder reads without a copy. Frames
 * are drawn into it (letterboxed or pillarboxed, rotated) and canvases are blended for transitions.
 * Allocated once per clip reader or segment and reused for every frame.
 */
public final class Canvas {

  private static final byte BLACK_LUMA = 16;
  private static final byte NEUTRAL_CHROMA = (byte) 128;

  private final int width;
  private final int height;
  private final ByteBuffer pixels;
  private final byte[] rowA;
  private final byte[] rowB;
  /** A source plane for turned pictures; grown on first use, none for unrotated sources. */
  private byte[] scratch = new byte[0];

  /** A black canvas of {@code width} x {@code height} (both even). */
  public Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    this.pixels = ByteBuffer.allocateDirect(width * height * 3 / 2).order(ByteOrder.nativeOrder());
    this.rowA = new byte[width];
    this.rowB = new byte[width];
    clear();
  }

  /** Picture width. */
  public int width() {
    return width;
  }

  /** Picture height. */
  public int height() {
    return height;
  }

  /** The picture: Y plane, then U, then V, each tightly packed. */
  public ByteBuffer pixels() {
    return pixels;
  }

  /** Fills with black, a row at a time. */
  public void clear() {
    int luma = width * height;
    java.util.Arrays.fill(rowA, BLACK_LUMA);
    for (int offset = 0; offset < luma; offset += width) {
      pixels.put(offset, rowA, 0, width);
    }
    java.util.Arrays.fill(rowA, NEUTRAL_CHROMA);
    for (int offset = luma; offset < luma * 3 / 2; offset += width) {
      pixels.put(offset, rowA, 0, Math.min(width, luma * 3 / 2 - offset));
    }
  }

  /**
   * Draws a yuv420p picture of {@code srcW} x {@code srcH} (luma row stride {@code stride}, chroma
   * stride {@code stride/2}, planes contiguous), turned clockwise by {@code rotation}, centred.
   */
  public void draw(ByteBuffer src, int srcW, int srcH, int stride, int rotation) {
    boolean turned = rotation % 180 != 0;
    int shownW = turned ? srcH : srcW;
    int shownH = turned ? srcW : srcH;
    int x0 = ((width - shownW) / 2) & ~1;
    int y0 = ((height - shownH) / 2) & ~1;
    int lumaSize = stride * srcH;
    int chromaStride = stride / 2;
    int chromaSize = chromaStride * (srcH / 2);
    int dstLuma = width * height;
    int dstChroma = dstLuma / 4;
    plane(src, new Plane(0, stride, srcW, srcH), new Plane(0, width, width, height), x0, y0, rotation);
    Plane chroma = new Plane(dstLuma, width / 2, width / 2, height / 2);
    plane(src, new Plane(lumaSize, chromaStride, srcW / 2, srcH / 2), chroma, x0 / 2, y0 / 2, rotation);
    plane(src, new Plane(lumaSize + chromaSize, chromaStride, srcW / 2, srcH / 2),
        new Plane(dstLuma + dstChroma, width / 2, width / 2, height / 2), x0 / 2, y0 / 2, rotation);
  }

  /** One plane of a yuv420p picture in its buffer: where it starts, its row stride and its size in samples. */
  private record Plane(int offset, int stride, int width, int height) {}

  /** Copies plane {@code from} of {@code src}, turned by {@code rotation}, into plane {@code to} at ({@code x0}, {@code y0}). */
  private void plane(ByteBuffer src, Plane from, Plane to, int x0, int y0, int rotation) {
    int srcOffset = from.offset();
    int srcStride = from.stride();
    int srcW = from.width();
    int srcH = from.height();
    int dstOffset = to.offset();
    int dstStride = to.stride();
    if (rotation == 0) {
      for (int y = 0; y < srcH; y++) {
        pixels.put(dstOffset + (y0 + y) * dstStride + x0, src, srcOffset + y * srcStride, srcW);
      }
      return;
    }
    // Turned pictures: one bulk read of the plane into a heap array, index arithmetic there, one
    // bulk write per output row (per-byte access to direct buffers is several times slower).
    int planeBytes = srcStride * srcH;
    if (scratch.length < planeBytes) {
      scratch = new byte[planeBytes];
    }
    src.get(srcOffset, scratch, 0, planeBytes);
    byte[] plane = scratch;
    switch (rotation) {
      case 180 -> {
        for (int y = 0; y < srcH; y++) {
          int srcRow = (srcH - 1 - y) * srcStride + srcW - 1;
          for (int x = 0; x < srcW; x++) {
            rowA[x] = plane[srcRow - x];
          }
          pixels.put(dstOffset + (y0 + y) * dstStride + x0, rowA, 0, srcW);
        }
      }
      case 90 -> {
        // shown (x, y) = source (y, srcH - 1 - x); shown size srcH x srcW
        for (int y = 0; y < srcW; y++) {
          for (int x = 0; x < srcH; x++) {
            rowA[x] = plane[(srcH - 1 - x) * srcStride + y];
          }
          pixels.put(dstOffset + (y0 + y) * dstStride + x0, rowA, 0, srcH);
        }
      }
      case 270 -> {
        // shown (x, y) = source (srcW - 1 - y, x)
        for (int y = 0; y < srcW; y++) {
          int column = srcW - 1 - y;
          for (int x = 0; x < srcH; x++) {
            rowA[x] = plane[x * srcStride + column];
          }
          pixels.put(dstOffset + (y0 + y) * dstStride + x0, rowA, 0, srcH);
        }
      }
      default -> throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270 but was " + rotation);
    }
  }

  /** Sets this canvas to {@code a * (1 - alpha) + b * alpha}. */
  public void blend(Canvas a, Canvas b, double alpha) {
    int weightB = (int) Math.round(Math.max(0, Math.min(1, alpha)) * 256);
    int weightA = 256 - weightB;
    int size = pixels.capacity();
    int row = rowA.length;
    for (int offset = 0; offset < size; offset += row) {
      int length = Math.min(row, size - offset);
      a.pixels.get(offset, rowA, 0, length);
      b.pixels.get(offset, rowB, 0, length);
      for (int i = 0; i < length; i++) {
        rowA[i] = (byte) (((rowA[i] & 0xFF) * weightA + (rowB[i] & 0xFF) * weightB + 128) >> 8);
      }
      pixels.put(offset, rowA, 0, length);
    }
  }

  /**
   * Sets this canvas to {@code a * (1 - alpha) + tone * alpha}, {@code tone} being one Y, U and V
   * value for the whole picture (a dip through black or white).
   */
  public void fade(Canvas a, double alpha, byte[] tone) {
    int weightTone = (int) Math.round(Math.max(0, Math.min(1, alpha)) * 256);
    int weightA = 256 - weightTone;
    int luma = width * height;
    int size = pixels.capacity();
    int row = rowA.length;
    for (int offset = 0; offset < size; offset += row) {
      int length = Math.min(row, size - offset);
      // A run may straddle U and V where the height is not a multiple of 4; the tones' U and V agree.
      int toneTerm = (tone[offset < luma ? 0 : offset < luma + luma / 4 ? 1 : 2] & 0xFF) * weightTone + 128;
      a.pixels.get(offset, rowA, 0, length);
      for (int i = 0; i < length; i++) {
        rowA[i] = (byte) (((rowA[i] & 0xFF) * weightA + toneTerm) >> 8);
      }
      pixels.put(offset, rowA, 0, length);
    }
  }

  /** Fills the whole picture with one colour: {@code yuv} holds its Y, U and V. */
  public void fill(byte[] yuv) {
    int luma = width * height;
    java.util.Arrays.fill(rowA, yuv[0]);
    for (int offset = 0; offset < luma; offset += width) {
      pixels.put(offset, rowA, 0, width);
    }
    int chroma = luma / 4;
    for (int plane = 0; plane < 2; plane++) {
      java.util.Arrays.fill(rowA, yuv[1 + plane]);
      int start = luma + plane * chroma;
      for (int offset = 0; offset < chroma; offset += width) {
        pixels.put(start + offset, rowA, 0, Math.min(width, chroma - offset));
      }
    }
  }

  /** Sets this canvas to a copy of {@code other} (of the same size). */
  public void copyFrom(Canvas other) {
    pixels.put(0, other.pixels, 0, pixels.capacity());
  }
}
