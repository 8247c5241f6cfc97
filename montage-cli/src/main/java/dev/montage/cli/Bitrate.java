package dev.montage.cli;

import java.math.BigDecimal;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a bitrate in bits per second: {@code 2500000}, {@code 2500k} or {@code 2.5M} (k = 1000). */
final class Bitrate {

  private Bitrate() {}

  /**
   * The bits per second {@code text} denotes, rounded to a whole bit.
   *
   * @throws IllegalArgumentException naming {@code text} and the accepted forms
   */
  static long parse(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (lower.endsWith("k")) {
      unit = 1_000;
    } else if (lower.endsWith("m")) {
      unit = 1_000_000;
    }
    String number = unit == 1 ? lower : lower.substring(0, lower.length() - 1);
    try {
      BigDecimal value = new BigDecimal(number).multiply(BigDecimal.valueOf(unit));
      if (value.signum() < 0 || number.startsWith("+") || number.contains("e")) {
        throw new NumberFormatException();
      }
      return value.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is not a bitrate: use bits/s such as 2500000, 2500k or 2.5M");
    }
  }

  /** Picocli converter for {@code --video-bitrate}. */
  static final class Converter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
