package dev.montage.testkit.internal;

/**
 * Where things are in a synthetic frame, shared by the painter and the reader so they can not drift
 * apart. The barcode fills the middle third of the rows; bar {@code i} (most significant bit first)
 * spans columns {@code [i * w / 12, (i + 1) * w / 12)}.
 */
public final class FrameLayout {

  /** Bits in the frame-index barcode; indexes wrap at {@code 2^BITS}. */
  public static final int BITS = 12;
  /** Luma of a 1 bar and of the flash (video-range white). */
  public static final int LUMA_ONE = 235;
  /** Luma of a 0 bar (video-range black). */
  public static final int LUMA_ZERO = 16;
  /** Chroma of grey. */
  public static final int CHROMA_NEUTRAL = 128;
  /**
   * Darkest luma outside the barcode band, so black padding (letterbox, pillarbox) can be told
   * from picture.
   */
  public static final int LUMA_MIN_PICTURE = 64;
  /** Range of the moving gradient above {@link #LUMA_MIN_PICTURE}. */
  public static final int GRADIENT_SPAN = 128;

  private FrameLayout() {}

  /** First row of the barcode band. */
  public static int bandTop(int height) {
    return height / 3;
  }

  /** Row after the last row of the barcode band. */
  public static int bandBottom(int height) {
    return 2 * height / 3;
  }

  /** First column of bar {@code bar}. */
  public static int barStart(int bar, int width) {
    return bar * width / BITS;
  }

  /** Whether frame {@code index} at {@code fps} is the first frame of a whole second. */
  public static boolean isFlashFrame(long index, double fps) {
    if (index <= 0) {
      return index == 0;
    }
    return Math.floor(index / fps + 1e-9) > Math.floor((index - 1) / fps + 1e-9);
  }
}
