package dev.montage.ffmpeg.internal.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.TextStyle;
import java.awt.font.TextHitInfo;
import java.awt.font.TextLayout;
import org.junit.jupiter.api.Test;

/**
 * Text laid out with the bundled fonts: every script the bundle promises is covered, right-to-left
 * text runs right to left, Arabic letters join (shaped narrower than apart), and drawing lands
 * where the style says.
 */
class TextImageTest {

  @Test
  void fonts_coverLatinAccentsHebrewAndArabic() {
    assertTrue(BundledFonts.covers("Montage Ünïcödé ÅØ ß é"));
    assertTrue(BundledFonts.covers("שלום עולם"));
    assertTrue(BundledFonts.covers("مرحبا بالعالم"));
  }

  @Test
  void hebrew_runsRightToLeft() {
    TextLayout layout = TextImage.layout("שלום", false, 40);
    assertFalse(layout.isLeftToRight());
    // The first letter (logical 0) is drawn at the right-hand end.
    float first = layout.getCaretInfo(TextHitInfo.leading(0))[0];
    float last = layout.getCaretInfo(TextHitInfo.trailing(3))[0];
    assertTrue(first > last, "first letter at x " + first + ", last at " + last);
  }

  @Test
  void arabic_lettersJoin() {
    String word = "مرحبا";
    double joined = TextImage.layout(word, false, 40).getAdvance();
    double apart = 0;
    for (int i = 0; i < word.length(); i++) {
      apart += TextImage.layout(word.substring(i, i + 1), false, 40).getAdvance();
    }
    assertTrue(joined < apart, "shaped " + joined + " vs isolated letters " + apart);
  }

  @Test
  void mixedLine_keepsLatinLeftToRightBeforeHebrew() {
    TextLayout layout = TextImage.layout("abc שלום", false, 40);
    assertTrue(layout.isLeftToRight(), "a line starting in Latin runs left to right");
    float a = layout.getCaretInfo(TextHitInfo.leading(0))[0];
    float shin = layout.getCaretInfo(TextHitInfo.leading(4))[0];
    assertTrue(a < shin, "Latin first, on the left");
  }

  @Test
  void drawOver_landsAtThePlacement() {
    Canvas canvas = new Canvas(320, 180);
    TextImage.of("Hello", TextStyle.title().withBackground(0).at(TextStyle.Placement.TOP), 320, 180).drawOver(canvas);
    int top = bright(canvas, 0, 60);
    int rest = bright(canvas, 60, 180);
    assertTrue(top > 100, "text near the top: " + top);
    assertEquals(0, rest, "nothing below");
  }

  @Test
  void missingFont_failsTypedNamingIt() {
    dev.montage.core.EncodingException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.montage.core.EncodingException.class, () -> BundledFonts.load("/dev/montage/ffmpeg/fonts/Missing.ttf"));
    assertTrue(e.getMessage().contains("the font /dev/montage/ffmpeg/fonts/Missing.ttf is missing from the class path"),
        e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(dev.montage.core.EncodingException.class,
        () -> BundledFonts.load("/dev/montage/ffmpeg/fonts/OFL.txt"), "a file that is not a font");
  }

  @Test
  void tallText_staysInsideTheFrameAtEveryPlacement() {
    for (TextStyle.Placement placement : TextStyle.Placement.values()) {
      Canvas canvas = new Canvas(320, 180);
      TextImage.of("A\nB\nC", TextStyle.lowerThird().withSize(0.25).at(placement), 320, 180).drawOver(canvas);
      TextImage.of("A\nB\nC", TextStyle.title().withSize(0.25).at(placement), 320, 180).drawOver(canvas);
    }
  }

  @Test
  void drawable_onlyWhatTheFontsCover() {
    assertTrue(TextImage.drawable("Montage שלום مرحبا"));
    assertFalse(TextImage.drawable("你好"));
  }

  private static int bright(Canvas canvas, int fromRow, int toRow) {
    int count = 0;
    for (int y = fromRow; y < toRow; y++) {
      for (int x = 0; x < canvas.width(); x++) {
        count += (canvas.pixels().get(y * canvas.width() + x) & 0xFF) > 180 ? 1 : 0;
      }
    }
    return count;
  }
}
