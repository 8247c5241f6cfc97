package dev.montage.ffmpeg.internal.compose;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The fonts text is drawn with, loaded once from the renderer's jar (never the machine's, so text
 * looks the same everywhere): Noto Sans regular and bold, then Noto Sans Arabic and Hebrew for
 * what Noto Sans has no glyph for. Java2D shapes (HarfBuzz) and orders (bidi) the text; this class
 * only says which font draws which character.
 */
final class BundledFonts {

  private static final String DIR = "/dev/montage/ffmpeg/fonts/";
  private static final Font REGULAR = load("NotoSans-Regular.ttf");
  private static final Font BOLD = load("NotoSans-Bold.ttf");
  private static final List<Font> FALLBACKS = List.of(load("NotoSansArabic-Regular.ttf"), load("NotoSansHebrew-Regular.ttf"));

  private BundledFonts() {}

  /** The first font, at {@code size} pixels, that draws code point {@code c}: the Latin one when none does. */
  static Font forCodePoint(int c, boolean bold, float size) {
    Font main = bold ? BOLD : REGULAR;
    if (!main.canDisplay(c)) {
      for (Font fallback : FALLBACKS) {
        if (fallback.canDisplay(c)) {
          return fallback.deriveFont(bold ? Font.BOLD : Font.PLAIN, size);
        }
      }
    }
    return main.deriveFont(size);
  }

  /** Whether some bundled font draws every character of {@code text} (whitespace aside). */
  static boolean covers(String text) {
    return text.codePoints().allMatch(c -> Character.isWhitespace(c) || REGULAR.canDisplay(c)
        || FALLBACKS.stream().anyMatch(font -> font.canDisplay(c)));
  }

  private static Font load(String name) {
    try (InputStream in = BundledFonts.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("font " + DIR + name + " is missing from the montage-ffmpeg jar");
      }
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read font " + DIR + name, e);
    } catch (FontFormatException e) {
      throw new IllegalStateException("font " + DIR + name + " is damaged", e);
    }
  }
}
