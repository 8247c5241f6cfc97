package dev.montage.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An output frame size given as {@code WIDTHxHEIGHT}, such as {@code 1280x720}. Only the form is
 * checked here; the renderer's rules (even sides, at most 8192) are checked with the whole job.
 */
record FrameSize(int width, int height) {

  private static final Pattern FORM = Pattern.compile("(\\d{1,5})[xX](\\d{1,5})");

  /**
   * The size {@code text} denotes.
   *
   * @throws IllegalArgumentException naming {@code text} and the accepted form
   */
  static FrameSize parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a frame size: use WIDTHxHEIGHT such as 1280x720");
    }
    int width = Integer.parseInt(m.group(1));
    int height = Integer.parseInt(m.group(2));
    if (width == 0 || height == 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a frame size: width and height must be > 0");
    }
    return new FrameSize(width, height);
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }

  /** Picocli converter for {@code --size}. */
  static final class Converter implements ITypeConverter<FrameSize> {
    @Override
    public FrameSize convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
