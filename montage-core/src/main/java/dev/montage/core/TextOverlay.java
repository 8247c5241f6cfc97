package dev.montage.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Text shown over the montage from {@code from} to {@code to} on its timeline (the output's time,
 * whatever clips show then), such as a name in the lower third. Add one with
 * {@link MontageBuilder#text(String, Duration, Duration, TextStyle)}.
 *
 * @param text the text; lines split at {@code \n}; the bundled fonts draw Latin, Greek, Cyrillic, Arabic
 *     and Hebrew (right-to-left included); a render of a text with other characters fails before it
 *     writes anything, naming the text
 * @param from when it appears in the output
 * @param to when it goes (exclusive)
 * @param style how it looks
 */
public record TextOverlay(String text, Duration from, Duration to, TextStyle style) {

  /** Checks for nulls; values are validated by {@link MontageBuilder#build()}. */
  public TextOverlay {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(style, "style");
  }
}
