package dev.montage.cli;

import dev.montage.core.Timecode;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code --text} value: {@code START-END=TEXT}, a lower third shown from START to END of the
 * montage (times as {@link Timecode} reads them), such as {@code 3-6=Lisbon, July}.
 *
 * @param from when the text appears
 * @param to when it goes
 * @param text what it says
 */
record TextSpec(Duration from, Duration to, String text) {

  /**
   * The text {@code value} denotes.
   *
   * @throws IllegalArgumentException naming {@code value} and the accepted form
   */
  static TextSpec parse(String value) {
    int equals = value.indexOf('=');
    int dash = equals < 0 ? -1 : value.lastIndexOf('-', equals);
    if (equals < 0 || dash <= 0) {
      throw new IllegalArgumentException("'" + value + "' is not a text: use START-END=TEXT, such as 3-6=Lisbon");
    }
    try {
      return new TextSpec(Timecode.parse(value.substring(0, dash)), Timecode.parse(value.substring(dash + 1, equals)),
          value.substring(equals + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + value + "': " + e.getMessage(), e);
    }
  }

  /** Picocli converter for {@code --text}. */
  static final class Converter implements ITypeConverter<TextSpec> {
    @Override
    public TextSpec convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
