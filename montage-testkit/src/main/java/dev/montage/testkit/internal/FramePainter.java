package dev.montage.testkit.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Paints synthetic yuv420p frames into one buffer that the caller owns and reuses for every frame.
 *
 * <p>Design: every row of a frame is one of a handful of patterns (gradient, barcode, flash, box),
 * so each pattern is computed once per frame into a small array and copied row by row. That keeps
 * an 8K frame at memory-copy speed (tens of milliseconds) and allocates nothing per frame.
 */
public final class FramePainter {

  private static final int BOX_LUMA = 210;
  private static final int BOX_U = 84;
  private static final int BOX_V = 200;

  private final int width;
  private final int height;
  private final int chromaWidth;
  private final int chromaHeight;
  private final byte[] gradientRow;
  private final byte[] barcodeRow;
  private final byte[] whiteRow;
  private final byte[] neutralChromaRow;
  private final byte[] boxLumaRun;
  private final byte[] boxURun;
  private final byte[] boxVRun;
  private final int boxSide;
  private final int boxTop;

  /** A painter for frames of {@code width x height}. */
  public FramePainter(int width, int height) {
    this.width = width;
    this.height = height;
    this.chromaWidth = (width + 1) / 2;
    this.chromaHeight = (height + 1) / 2;
    this.gradientRow = new byte[width];
    this.barcodeRow = new byte[width];
    this.whiteRow = filled(width, FrameLayout.LUMA_ONE);
    this.neutralChromaRow = filled(chromaWidth, FrameLayout.CHROMA_NEUTRAL);
    this.boxSide = Math.max(2, (height / 6) & ~1);
    this.boxTop = (height / 12) & ~1;
    this.boxLumaRun = filled(boxSide, BOX_LUMA);
    this.boxURun = filled(boxSide / 2, BOX_U);
    this.boxVRun = filled(boxSide / 2, BOX_V);
  }

  /** Bytes one frame takes: the luma plane and two quarter-size chroma planes. */
  public static long frameBytes(int width, int height) {
    long chroma = (long) ((width + 1) / 2) * ((height + 1) / 2);
    return (long) width * height + 2 * chroma;
  }

  /**
   * Paints frame {@code index} into {@code target} (at least {@link #frameBytes} long, planes packed
   * without padding) and rewinds it.
   */
  public void paint(ByteBuffer target, int index, boolean flash) {
    fillBarcode(index);
    if (!flash) {
      fillGradient(index);
    }
    int bandTop = FrameLayout.bandTop(height);
    int bandBottom = FrameLayout.bandBottom(height);
    int boxLeft = boxLeft(index);
    for (int y = 0; y < height; y++) {
      int row = y * width;
      if (y >= bandTop && y < bandBottom) {
        target.put(row, barcodeRow);
      } else if (flash) {
        target.put(row, whiteRow);
      } else {
        target.put(row, gradientRow);
        if (y >= boxTop && y < boxTop + boxSide && boxLeft + boxSide <= width) {
          target.put(row + boxLeft, boxLumaRun);
        }
      }
    }
    int uPlane = width * height;
    int vPlane = uPlane + chromaWidth * chromaHeight;
    int boxChromaTop = boxTop / 2;
    int boxChromaLeft = boxLeft / 2;
    for (int y = 0; y < chromaHeight; y++) {
      int row = y * chromaWidth;
      target.put(uPlane + row, neutralChromaRow);
      target.put(vPlane + row, neutralChromaRow);
      boolean inBox = !flash && y >= boxChromaTop && y < boxChromaTop + boxSide / 2
          && boxChromaLeft + boxSide / 2 <= chromaWidth && 2 * y < FrameLayout.bandTop(height);
      if (inBox) {
        target.put(uPlane + row + boxChromaLeft, boxURun);
        target.put(vPlane + row + boxChromaLeft, boxVRun);
      }
    }
    target.rewind();
  }

  private int boxLeft(int index) {
    int travel = width - boxSide;
    if (travel <= 0) {
      return 0;
    }
    int step = Math.max(1, width / 60);
    return (int) (((long) index * step) % travel) & ~1;
  }

  private void fillBarcode(int index) {
    int code = Math.floorMod(index, 1 << FrameLayout.BITS);
    for (int bar = 0; bar < FrameLayout.BITS; bar++) {
      boolean one = ((code >> (FrameLayout.BITS - 1 - bar)) & 1) != 0;
      byte value = (byte) (one ? FrameLayout.LUMA_ONE : FrameLayout.LUMA_ZERO);
      int end = FrameLayout.barStart(bar + 1, width);
      for (int x = FrameLayout.barStart(bar, width); x < end; x++) {
        barcodeRow[x] = value;
      }
    }
  }

  private void fillGradient(int index) {
    int shift = Math.floorMod(index * 3, FrameLayout.GRADIENT_SPAN);
    for (int x = 0; x < width; x++) {
      int level = (int) ((long) x * FrameLayout.GRADIENT_SPAN / width);
      gradientRow[x] = (byte) (FrameLayout.LUMA_MIN_PICTURE + (level + shift) % FrameLayout.GRADIENT_SPAN);
    }
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
