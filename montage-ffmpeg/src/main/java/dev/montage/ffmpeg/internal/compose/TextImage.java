package dev.montage.ffmpeg.internal.compose;

import dev.montage.core.TextStyle;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;

/**
 * Text drawn once for a frame size, as yuv420p with coverage, and laid over canvases: the lines
 * (split at {@code \n}) centred, at the style's height in the frame, over a box of the style's
 * background where it has one. Drawn with Java2D and the {@link BundledFonts}: shaping (Arabic
 * joining, ligatures) and right-to-left ordering come from {@link TextLayout}, each run of
 * characters in the first bundled font that has its glyphs; antialiased, so edges blend.
 *
 * <p>Design: a text covers a small part of the frame, so only its box is kept (planes and
 * coverage at luma and chroma resolution); laying it over a frame touches only that box.
 */
public final class TextImage {

  private final int x;
  private final int y;
  private final int width;
  private final int height;
  /** Y, then U, then V of the box (yuv420p, tightly packed). */
  private final byte[] yuv;
  /** Coverage of each luma sample, 0 to 255, then of each chroma sample. */
  private final byte[] alpha;

  private TextImage(int x, int y, int width, int height, byte[] yuv, byte[] alpha) {
    this.x = x;
    this.y = y;
    this.width = width;
    this.height = height;
    this.yuv = yuv;
    this.alpha = alpha;
  }

  /**
   * {@code text} in {@code style} for a {@code frameWidth} x {@code frameHeight} frame.
   *
   * @throws dev.montage.core.EncodingException when the bundled fonts are missing from the class path
   */
  public static TextImage of(String text, TextStyle style, int frameWidth, int frameHeight) {
    BundledFonts.check();
    try {
      return drawn(text, style, frameWidth, frameHeight);
    } catch (java.awt.AWTError | InternalError e) {
      // Java2D reached for a display (DISPLAY set, no X server): the host must run headless.
      throw dev.montage.core.EncodingException.failed(-1, null, "drawing the text '" + text + "' needs Java2D, which"
          + " could not start (" + e.getMessage() + "); run the JVM with -Djava.awt.headless=true", e);
    }
  }

  /** Whether the bundled fonts draw every character of {@code text}. */
  public static boolean drawable(String text) {
    BundledFonts.check();
    return BundledFonts.covers(text);
  }

  private static TextImage drawn(String text, TextStyle style, int frameWidth, int frameHeight) {
    float size = (float) Math.max(8, style.size() * frameHeight);
    List<TextLayout> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      lines.add(layout(line.isEmpty() ? " " : line, style.bold(), size));
    }
    double lineHeight = size * 1.25;
    double textWidth = lines.stream().mapToDouble(TextLayout::getAdvance).max().orElse(0);
    int pad = (style.background() >>> 24) == 0 ? Math.round(size * 0.1f) : Math.round(size * 0.4f);
    int boxW = even(Math.min(frameWidth, (int) Math.ceil(textWidth) + 2 * pad));
    int boxH = even(Math.min(frameHeight, (int) Math.ceil(lineHeight * lines.size()) + 2 * pad));
    int boxX = ((frameWidth - boxW) / 2) & ~1;
    int boxY = Math.max(0, Math.min(frameHeight - boxH, top(style.placement(), frameHeight, boxH))) & ~1;
    BufferedImage image = new BufferedImage(boxW, boxH, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(style.background(), true));
      g.fillRect(0, 0, boxW, boxH);
      g.setColor(new Color(style.color()));
      for (int i = 0; i < lines.size(); i++) {
        TextLayout line = lines.get(i);
        float left = (float) ((boxW - line.getAdvance()) / 2);
        float baseline = (float) (pad + i * lineHeight + (lineHeight - size) / 2 + line.getAscent() * 0.9);
        line.draw(g, left, baseline);
      }
    } finally {
      g.dispose();
    }
    return fromArgb(image, boxX, boxY);
  }

  /** One line laid out: shaped, in visual order, each run in the bundled font that draws it. */
  static TextLayout layout(String line, boolean bold, float size) {
    return new TextLayout(shaped(line, bold, size).getIterator(), new FontRenderContext(null, true, true));
  }

  /** {@code line} with each run of characters in the bundled font that draws them. */
  private static AttributedString shaped(String line, boolean bold, float size) {
    AttributedString shaped = new AttributedString(line);
    int at = 0;
    while (at < line.length()) {
      int c = line.codePointAt(at);
      int end = at + Character.charCount(c);
      java.awt.Font font = BundledFonts.forCodePoint(c, bold, size);
      while (end < line.length()) {
        int next = line.codePointAt(end);
        if (!Character.isWhitespace(next) && !BundledFonts.forCodePoint(next, bold, size).getFontName().equals(font.getFontName())) {
          break;
        }
        end += Character.charCount(next);
      }
      shaped.addAttribute(TextAttribute.FONT, font, at, end);
      at = end;
    }
    return shaped;
  }

  private static int top(TextStyle.Placement placement, int frameHeight, int boxHeight) {
    int margin = frameHeight / 20;
    return switch (placement) {
      case TOP -> margin;
      case CENTER -> (frameHeight - boxHeight) / 2;
      case LOWER_THIRD -> Math.min(frameHeight - boxHeight, frameHeight * 2 / 3 + frameHeight / 12 - boxHeight / 2);
      case BOTTOM -> frameHeight - margin - boxHeight;
    };
  }

  /** The BT.601 limited-range Y, U and V of {@code rgb} ({@code 0xRRGGBB}; any alpha ignored). */
  public static byte[] yuv(int rgb) {
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    return new byte[] {(byte) (16 + ((66 * r + 129 * g + 25 * b + 128) >> 8)),
        (byte) (128 + ((-38 * r - 74 * g + 112 * b + 128) >> 8)), (byte) (128 + ((112 * r - 94 * g - 18 * b + 128) >> 8))};
  }

  /** BT.601 limited-range yuv420p and coverage of an ARGB picture (premultiplied where it blends). */
  private static TextImage fromArgb(BufferedImage image, int boxX, int boxY) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    int luma = w * h;
    int chroma = luma / 4;
    byte[] yuv = new byte[luma + 2 * chroma];
    byte[] alpha = new byte[luma + chroma];
    for (int i = 0; i < luma; i++) {
      int p = argb[i];
      int r = (p >> 16) & 0xFF;
      int g = (p >> 8) & 0xFF;
      int b = p & 0xFF;
      yuv[i] = (byte) (16 + ((66 * r + 129 * g + 25 * b + 128) >> 8));
      alpha[i] = (byte) (p >>> 24);
    }
    for (int cy = 0; cy < h / 2; cy++) {
      for (int cx = 0; cx < w / 2; cx++) {
        // Chroma weighted by coverage: uncovered pixels (no colour) must not pull the text's towards grey.
        long u = 0;
        long v = 0;
        int a = 0;
        for (int k = 0; k < 4; k++) {
          int p = argb[(2 * cy + k / 2) * w + 2 * cx + k % 2];
          int r = (p >> 16) & 0xFF;
          int g = (p >> 8) & 0xFF;
          int b = p & 0xFF;
          int coverage = p >>> 24;
          u += (long) coverage * (128 + ((-38 * r - 74 * g + 112 * b + 128) >> 8));
          v += (long) coverage * (128 + ((112 * r - 94 * g - 18 * b + 128) >> 8));
          a += coverage;
        }
        int i = cy * (w / 2) + cx;
        yuv[luma + i] = (byte) (a == 0 ? 128 : (u + a / 2) / a);
        yuv[luma + chroma + i] = (byte) (a == 0 ? 128 : (v + a / 2) / a);
        alpha[luma + i] = (byte) ((a + 2) / 4);
      }
    }
    return new TextImage(boxX, boxY, w, h, yuv, alpha);
  }

  /** Lays the text over {@code canvas}: each sample blended by its coverage. */
  public void drawOver(Canvas canvas) {
    int frameW = canvas.width();
    int frameLuma = frameW * canvas.height();
    int luma = width * height;
    int chroma = luma / 4;
    byte[] row = new byte[width];
    ByteBuffer pixels = canvas.pixels();
    blend(pixels, new Area(0, frameW, x, y, width, height), 0, 0, row);
    Area chromaArea = new Area(frameLuma, frameW / 2, x / 2, y / 2, width / 2, height / 2);
    blend(pixels, chromaArea, luma, luma, row);
    blend(pixels, new Area(frameLuma + frameLuma / 4, frameW / 2, x / 2, y / 2, width / 2, height / 2),
        luma + chroma, luma, row);
  }

  /** Blends the box's samples from {@code from} (coverage from {@code alphaFrom}) into {@code area} of the frame. */
  private void blend(ByteBuffer pixels, Area area, int from, int alphaFrom, byte[] row) {
    int w = area.width();
    for (int r = 0; r < area.height(); r++) {
      int at = area.planeOffset() + (area.y() + r) * area.stride() + area.x();
      pixels.get(at, row, 0, w);
      for (int c = 0; c < w; c++) {
        int a = alpha[alphaFrom + r * w + c] & 0xFF;
        if (a != 0) {
          int under = row[c] & 0xFF;
          int over = yuv[from + r * w + c] & 0xFF;
          row[c] = (byte) ((under * (255 - a) + over * a + 127) / 255);
        }
      }
      pixels.put(at, row, 0, w);
    }
  }

  /** Where the box lies in one plane of the frame. */
  private record Area(int planeOffset, int stride, int x, int y, int width, int height) {}

  private static int even(int value) {
    return Math.max(2, value & ~1);
  }
}
