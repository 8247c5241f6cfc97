package dev.montage.ffmpeg.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.ffmpeg.internal.plan.Motion;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A picture loaded into a {@link StillImage} and drawn whole at its displayed size is exactly what
 * {@link Canvas#draw} makes of it, for every rotation, also when the image is reused for the next
 * picture (a video's frames that pan and zoom).
 */
class StillImageTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 90, 180, 270})
  void loadedAndDrawnWhole_isTheCanvasDrawOfThePicture_alsoWhenReused(int rotation) {
    boolean sideways = rotation % 180 != 0;
    int shownW = sideways ? CanvasTest.SRC_H : CanvasTest.SRC_W;
    int shownH = sideways ? CanvasTest.SRC_W : CanvasTest.SRC_H;
    StillImage image = StillImage.of(CanvasTest.source(), CanvasTest.SRC_W, CanvasTest.SRC_H, CanvasTest.STRIDE,
        rotation);
    ByteBuffer next = brighter(CanvasTest.source());
    image.load(next, CanvasTest.SRC_W, CanvasTest.SRC_H, CanvasTest.STRIDE, rotation);

    Canvas drawn = new Canvas(shownW, shownH);
    image.draw(drawn, Motion.WHOLE.from());
    Canvas expected = new Canvas(shownW, shownH);
    expected.draw(next, CanvasTest.SRC_W, CanvasTest.SRC_H, CanvasTest.STRIDE, rotation);

    assertEquals(expected.pixels(), drawn.pixels());
    assertEquals(shownW, image.width());
    assertEquals(shownH, image.height());
  }

  @org.junit.jupiter.api.Test
  void reusedForAPictureOfAnotherSize_drawsThatPicture() {
    StillImage image = StillImage.of(ByteBuffer.allocateDirect(4 * 2 * 3 / 2), 4, 2, 4, 0);
    image.load(CanvasTest.source(), CanvasTest.SRC_W, CanvasTest.SRC_H, CanvasTest.STRIDE, 90);

    Canvas drawn = new Canvas(CanvasTest.SRC_H, CanvasTest.SRC_W);
    image.draw(drawn, Motion.WHOLE.from());
    Canvas expected = new Canvas(CanvasTest.SRC_H, CanvasTest.SRC_W);
    expected.draw(CanvasTest.source(), CanvasTest.SRC_W, CanvasTest.SRC_H, CanvasTest.STRIDE, 90);
    assertEquals(expected.pixels(), drawn.pixels());
  }

  /** {@code picture} with every sample one higher: another frame. */
  private static ByteBuffer brighter(ByteBuffer picture) {
    for (int i = 0; i < picture.capacity(); i++) {
      picture.put(i, (byte) (picture.get(i) + 1));
    }
    return picture;
  }
}
