package dev.montage.ffmpeg.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Transition;
import dev.montage.ffmpeg.internal.plan.Entrance;
import dev.montage.ffmpeg.internal.plan.Entrance.Style;
import java.time.Duration;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Each transition's definition, checked pixel by pixel on small canvases without media: the middle
 * frame of an odd overlap (progress exactly 1/2) is the even blend, the plain tone, or the edge
 * across the middle with each picture where the definition puts it.
 */
class TransitionPainterTest {

  private static final int W = 64;
  private static final int H = 48;
  /** Overlap of 9 frames: frame 4 is the middle, at progress 1/2. */
  private static final int FRAMES = 9;
  private static final int MIDDLE = 4;

  /** The outgoing picture: luma tells the column and row it came from, chroma says "a". */
  private final Canvas a = canvas((x, y) -> x + y, 100, 90);
  /** The incoming picture: luma 128 above the outgoing one's, chroma says "b". */
  private final Canvas b = canvas((x, y) -> 128 + x + y / 2, 200, 190);

  @Test
  void progress_runsStrictlyInsideTheOverlapAndIsOneHalfInTheMiddle() {
    Entrance entrance = new Entrance(Style.CROSSFADE, 3);
    assertEquals(0.25, entrance.progress(0));
    assertEquals(0.5, entrance.progress(1));
    assertEquals(0.75, entrance.progress(2));
  }

  @Test
  void crossfade_middleIsTheEvenBlend() {
    Canvas out = paint(Style.CROSSFADE, MIDDLE);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        assertEquals((luma(a, x, y) + luma(b, x, y) + 1) / 2, luma(out, x, y), "at " + x + "," + y);
      }
    }
    assertEquals(150, u(out, 0, 0));
    assertEquals(140, v(out, 0, 0));
  }

  @Test
  void dip_middleIsThePlainTone_andEachHalfFadesOneClip() {
    Canvas black = paint(Style.DIP_BLACK, MIDDLE);
    Canvas white = paint(Style.DIP_WHITE, MIDDLE);
    for (int y = 0; y < H; y += 7) {
      for (int x = 0; x < W; x += 5) {
        assertEquals(16, luma(black, x, y));
        assertEquals(235, luma(white, x, y));
        assertEquals(128, u(black, x, y));
        assertEquals(128, v(white, x, y));
      }
    }
    // First half: only the outgoing clip, darkened; second half: only the incoming one.
    Canvas early = paint(Style.DIP_BLACK, 1); // progress 0.2: 40 % of the way to black
    assertEquals(Math.round(luma(a, 30, 10) * 0.6 + 16 * 0.4), luma(early, 30, 10), 1);
    Canvas late = paint(Style.DIP_BLACK, 7); // progress 0.8: 40 % black left
    assertEquals(Math.round(luma(b, 30, 10) * 0.6 + 16 * 0.4), luma(late, 30, 10), 1);
  }

  @Test
  void wipe_middleSplitsThePictureAtTheCentre_withEachClipInPlace() {
    // LEFT: the edge moves left, the incoming clip on the right; RIGHT: the other way round.
    assertColumns(paint(Style.WIPE_LEFT, MIDDLE), a, 0, b, 0);
    assertColumns(paint(Style.WIPE_RIGHT, MIDDLE), b, 0, a, 0);
    // UP: the incoming clip rises from the bottom; DOWN: it comes down from the top.
    assertRows(paint(Style.WIPE_UP, MIDDLE), a, 0, b, 0);
    assertRows(paint(Style.WIPE_DOWN, MIDDLE), b, 0, a, 0);
  }

  @Test
  void slide_middleShowsHalfOfEachClipMovedByHalfThePicture() {
    // LEFT: the outgoing clip's right half on the left, the incoming clip's left half on the right.
    assertColumns(paint(Style.SLIDE_LEFT, MIDDLE), a, W / 2, b, -W / 2);
    assertColumns(paint(Style.SLIDE_RIGHT, MIDDLE), b, W / 2, a, -W / 2);
    assertRows(paint(Style.SLIDE_UP, MIDDLE), a, H / 2, b, -H / 2);
    assertRows(paint(Style.SLIDE_DOWN, MIDDLE), b, H / 2, a, -H / 2);
  }

  @Test
  void wipe_incomingShareGrowsFrameByFrame() {
    int previous = 0;
    for (int k = 0; k < FRAMES; k++) {
      Canvas out = paint(Style.WIPE_LEFT, k);
      int incoming = 0;
      for (int x = 0; x < W; x++) {
        incoming += u(out, x, 0) >= 200 ? 1 : 0;
      }
      assertTrue(incoming > previous && incoming < W, "frame " + k + ": " + incoming + " columns");
      assertEquals(TransitionPainter.edge(new Entrance(Style.WIPE_LEFT, FRAMES).progress(k), W), incoming);
      previous = incoming;
    }
  }

  @Test
  void style_ofEveryTransition() {
    Duration d = Duration.ofSeconds(1);
    assertEquals(Style.CROSSFADE, Style.of(Transition.crossfade(d)));
    assertEquals(Style.DIP_BLACK, Style.of(Transition.dipToBlack(d)));
    assertEquals(Style.DIP_WHITE, Style.of(Transition.dipToWhite(d)));
    assertEquals(Style.WIPE_LEFT, Style.of(Transition.wipe(Transition.Direction.LEFT, d)));
    assertEquals(Style.WIPE_RIGHT, Style.of(Transition.wipe(Transition.Direction.RIGHT, d)));
    assertEquals(Style.WIPE_UP, Style.of(Transition.wipe(Transition.Direction.UP, d)));
    assertEquals(Style.WIPE_DOWN, Style.of(Transition.wipe(Transition.Direction.DOWN, d)));
    assertEquals(Style.SLIDE_LEFT, Style.of(Transition.slide(Transition.Direction.LEFT, d)));
    assertEquals(Style.SLIDE_RIGHT, Style.of(Transition.slide(Transition.Direction.RIGHT, d)));
    assertEquals(Style.SLIDE_UP, Style.of(Transition.slide(Transition.Direction.UP, d)));
    assertEquals(Style.SLIDE_DOWN, Style.of(Transition.slide(Transition.Direction.DOWN, d)));
    assertEquals(Entrance.CUT, Entrance.of(Transition.cut(), 0));
    assertEquals(Entrance.CUT, Entrance.of(Transition.crossfade(d), 0));
  }

  /** Left half from {@code left} shifted by {@code leftShift} columns, right half from {@code right} likewise. */
  private static void assertColumns(Canvas out, Canvas left, int leftShift, Canvas right, int rightShift) {
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        boolean onLeft = x < W / 2;
        Canvas from = onLeft ? left : right;
        int sx = x + (onLeft ? leftShift : rightShift);
        assertEquals(luma(from, sx, y), luma(out, x, y), "luma at " + x + "," + y);
        assertEquals(u(from, sx, y), u(out, x, y), "U at " + x + "," + y);
        assertEquals(v(from, sx, y), v(out, x, y), "V at " + x + "," + y);
      }
    }
  }

  /** Top half from {@code top} shifted by {@code topShift} rows, bottom half from {@code bottom} likewise. */
  private static void assertRows(Canvas out, Canvas top, int topShift, Canvas bottom, int bottomShift) {
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        boolean above = y < H / 2;
        Canvas from = above ? top : bottom;
        int sy = y + (above ? topShift : bottomShift);
        assertEquals(luma(from, x, sy), luma(out, x, y), "luma at " + x + "," + y);
        assertEquals(u(from, x, sy), u(out, x, y), "U at " + x + "," + y);
      }
    }
  }

  private Canvas paint(Style style, int k) {
    Canvas out = new Canvas(W, H);
    TransitionPainter.paint(new Entrance(style, FRAMES), k, a, b, out);
    return out;
  }

  private static Canvas canvas(IntBinaryOperator luma, int u, int v) {
    Canvas canvas = new Canvas(W, H);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        canvas.pixels().put(y * W + x, (byte) luma.applyAsInt(x, y));
      }
    }
    // Chroma varies by column too (u + x/2), so that a shifted chroma plane shows.
    for (int y = 0; y < H / 2; y++) {
      for (int x = 0; x < W / 2; x++) {
        canvas.pixels().put(W * H + y * (W / 2) + x, (byte) (u + x % 4));
        canvas.pixels().put(W * H * 5 / 4 + y * (W / 2) + x, (byte) (v + y % 4));
      }
    }
    return canvas;
  }

  private static int luma(Canvas canvas, int x, int y) {
    return canvas.pixels().get(y * W + x) & 0xFF;
  }

  private static int u(Canvas canvas, int x, int y) {
    return canvas.pixels().get(W * H + y / 2 * (W / 2) + x / 2) & 0xFF;
  }

  private static int v(Canvas canvas, int x, int y) {
    return canvas.pixels().get(W * H * 5 / 4 + y / 2 * (W / 2) + x / 2) & 0xFF;
  }
}
