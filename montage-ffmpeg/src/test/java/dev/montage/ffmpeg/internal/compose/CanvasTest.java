package dev.montage.ffmpeg.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Canvas.draw places every luma and chroma sample where a clockwise turn puts it, centred. */
class CanvasTest {

  static final int SRC_W = 6;
  static final int SRC_H = 4;
  static final int STRIDE = 8; // padded rows, as JavaCV's grabber buffers have

  /** A yuv420p source whose every sample is distinct: luma y*16+x, chroma 200+..., 220+.... */
  static ByteBuffer source() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(STRIDE * SRC_H * 3 / 2);
    for (int y = 0; y < SRC_H; y++) {
      for (int x = 0; x < SRC_W; x++) {
        buffer.put(y * STRIDE + x, (byte) (y * 16 + x));
      }
    }
    int u = STRIDE * SRC_H;
    int v = u + STRIDE / 2 * SRC_H / 2;
    for (int y = 0; y < SRC_H / 2; y++) {
      for (int x = 0; x < SRC_W / 2; x++) {
        buffer.put(u + y * STRIDE / 2 + x, (byte) (100 + y * 8 + x));
        buffer.put(v + y * STRIDE / 2 + x, (byte) (150 + y * 8 + x));
      }
    }
    return buffer;
  }

  /** The source sample shown at (x, y) of a picture turned clockwise by {@code rotation}. */
  static int[] sourceOf(int x, int y, int w, int h, int rotation) {
    return switch (rotation) {
      case 0 -> new int[] {x, y};
      case 90 -> new int[] {y, h - 1 - x};
      case 180 -> new int[] {w - 1 - x, h - 1 - y};
      default -> new int[] {w - 1 - y, x};
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 90, 180, 270})
  void draw_turnsAndCentres(int rotation) {
    Canvas canvas = new Canvas(10, 8);
    canvas.draw(source(), SRC_W, SRC_H, STRIDE, rotation);
    boolean turned = rotation % 180 != 0;
    int shownW = turned ? SRC_H : SRC_W;
    int shownH = turned ? SRC_W : SRC_H;
    int x0 = ((10 - shownW) / 2) & ~1;
    int y0 = ((8 - shownH) / 2) & ~1;
    ByteBuffer pixels = canvas.pixels();
    for (int y = 0; y < shownH; y++) {
      for (int x = 0; x < shownW; x++) {
        int[] at = sourceOf(x, y, SRC_W, SRC_H, rotation);
        assertEquals(at[1] * 16 + at[0], pixels.get((y0 + y) * 10 + x0 + x) & 0xFF, "luma " + x + "," + y);
      }
    }
    int u = 10 * 8;
    int v = u + 5 * 4;
    for (int y = 0; y < shownH / 2; y++) {
      for (int x = 0; x < shownW / 2; x++) {
        int[] at = sourceOf(x, y, SRC_W / 2, SRC_H / 2, rotation);
        int offset = (y0 / 2 + y) * 5 + x0 / 2 + x;
        assertEquals(100 + at[1] * 8 + at[0], pixels.get(u + offset) & 0xFF, "u " + x + "," + y);
        assertEquals(150 + at[1] * 8 + at[0], pixels.get(v + offset) & 0xFF, "v " + x + "," + y);
      }
    }
    // Padding stays black.
    assertEquals(16, pixels.get(0) & 0xFF);
  }
}
