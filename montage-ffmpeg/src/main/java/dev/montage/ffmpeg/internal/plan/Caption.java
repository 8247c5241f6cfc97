package dev.montage.ffmpeg.internal.plan;

import dev.montage.core.TextStyle;
import java.io.Serializable;

/**
 * Text drawn over global output frames [{@code firstFrame}, {@code endFrame}): a text over the
 * montage, or a title card's text (then over the card's own frames).
 *
 * @param text the text, lines split at {@code \n}
 * @param style how it looks
 * @param firstFrame the first global frame it shows on
 * @param endFrame the global frame after its last
 */
public record Caption(String text, TextStyle style, long firstFrame, long endFrame) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Whether it shows on global frame {@code frame}. */
  public boolean showsAt(long frame) {
    return firstFrame <= frame && frame < endFrame;
  }
}
