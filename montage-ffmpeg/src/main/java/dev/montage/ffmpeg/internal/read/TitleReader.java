package dev.montage.ffmpeg.internal.read;

import dev.montage.ffmpeg.internal.compose.Canvas;
import dev.montage.ffmpeg.internal.compose.TextImage;
import dev.montage.ffmpeg.internal.plan.Caption;

/**
 * A title card as a clip: its style's background colour filling the frame and its text over it,
 * drawn once into the clip's canvas; nothing is read.
 */
public final class TitleReader implements ClipPicture {

  private final Canvas canvas;

  private TitleReader(Canvas canvas) {
    this.canvas = canvas;
  }

  /** Draws {@code title} into {@code canvas}. */
  public static TitleReader open(Caption title, Canvas canvas) {
    canvas.fill(TextImage.yuv(title.style().background()));
    TextImage.of(title.text(), title.style().withBackground(0), canvas.width(), canvas.height()).drawOver(canvas);
    return new TitleReader(canvas);
  }

  @Override
  public Canvas frameAt(long local) {
    return canvas;
  }

  @Override
  public Canvas canvas() {
    return canvas;
  }
}
