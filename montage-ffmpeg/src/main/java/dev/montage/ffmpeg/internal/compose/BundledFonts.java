package dev.montage.ffmpeg.internal.compose;

import dev.montage.core.EncodingException;
import dev.montage.core.MontageException;
import dev.montage.core.OutputException;
import dev.montage.core.internal.OwnedTempDir;
import java.awt.Font;
import java.awt.FontFormatException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The fonts text is drawn with, loaded once from the renderer's jar (never the machine's, so text
 * looks the same everywhere): Noto Sans regular and bold, then Noto Sans Arabic and Hebrew for
 * what Noto Sans has no glyph for. Java2D shapes (HarfBuzz) and orders (bidi) the text; this class
 * only says which font draws which character.
 *
 * <p>Java2D reads a font from a file: given a stream it copies it to a temp file of its own, which
 * a JVM killed outright leaves behind. So the fonts are copied once per JVM into an
 * {@link OwnedTempDir} (removed at exit, or by the next JVM after a kill) and read from there.
 */
final class BundledFonts {

  private static final String DIR = "/dev/montage/ffmpeg/fonts/";

  private BundledFonts() {}

  /** The directory the fonts are read from, made on first use and removed when the JVM exits. */
  private static final class FontFiles {
    static final OwnedTempDir DIR = create();

    private static OwnedTempDir create() {
      try {
        return OwnedTempDir.createForThisJvm("montage-fonts-", "fonts");
      } catch (IOException e) {
        throw OutputException.cannotWrite(Path.of(System.getProperty("java.io.tmpdir")), e,
            "text is drawn with fonts copied there; set java.io.tmpdir to a writable directory");
      }
    }
  }

  /** Loaded on first use, so that a jar without them fails the render that needs them, typed, not the class. */
  private static final class Loaded {
    static final Font REGULAR = load(DIR + "NotoSans-Regular.ttf");
    static final Font BOLD = load(DIR + "NotoSans-Bold.ttf");
    static final List<Font> FALLBACKS =
        List.of(load(DIR + "NotoSansArabic-Regular.ttf"), load(DIR + "NotoSansHebrew-Regular.ttf"));
  }

  /**
   * Makes sure the fonts are there before text is drawn.
   *
   * @throws EncodingException naming the missing or damaged font file
   */
  static void check() {
    // Loaded once per JVM: a failure sticks, so an interrupt (a cancelled job) must not make one.
    boolean interrupted = Thread.interrupted();
    try {
      Font regular = Loaded.REGULAR;
      if (regular == null) {
        throw new IllegalStateException("no regular font");
      }
    } catch (ExceptionInInitializerError e) {
      throw e.getCause() instanceof MontageException typed ? typed
          : EncodingException.failed(-1, null, "the bundled fonts could not be loaded", e.getCause());
    } catch (NoClassDefFoundError e) {
      throw EncodingException.failed(-1, null, "the bundled fonts could not be loaded before (see the first failure)", e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The first font, at {@code size} pixels, that draws code point {@code c}: the Latin one when none does. */
  static Font forCodePoint(int c, boolean bold, float size) {
    Font main = bold ? Loaded.BOLD : Loaded.REGULAR;
    if (!main.canDisplay(c)) {
      for (Font fallback : Loaded.FALLBACKS) {
        if (fallback.canDisplay(c)) {
          return fallback.deriveFont(bold ? Font.BOLD : Font.PLAIN, size);
        }
      }
    }
    return main.deriveFont(size);
  }

  /** Whether some bundled font draws every character of {@code text} (whitespace aside). */
  static boolean covers(String text) {
    return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Loaded.REGULAR.canDisplay(c)
        || Loaded.FALLBACKS.stream().anyMatch(font -> font.canDisplay(c)));
  }

  /**
   * The font at class-path resource {@code resource}.
   *
   * @throws EncodingException naming the resource when it is missing (a shaded or minimized jar that
   *     left it out) or not a font
   */
  static Font load(String resource) {
    Path file = FontFiles.DIR.dir().resolve(resource.substring(resource.lastIndexOf('/') + 1));
    try (InputStream in = BundledFonts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw EncodingException.failed(-1, null, "the font " + resource + " is missing from the class path;"
            + " a shaded or minimized jar must keep montage-ffmpeg's dev/montage/ffmpeg/fonts/", null);
      }
      try (OutputStream copy = new FileOutputStream(file.toFile())) { // a stream an interrupt does not close
        in.transferTo(copy);
      }
      return Font.createFont(Font.TRUETYPE_FONT, file.toFile());
    } catch (IOException | FontFormatException e) {
      throw EncodingException.failed(-1, null, "the font " + resource + " could not be read", e);
    }
  }
}
