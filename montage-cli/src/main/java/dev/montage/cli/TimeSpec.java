package dev.montage.cli;

import dev.montage.core.Timecode;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli's face of {@link Timecode}: the command line reads times exactly as the API does. */
final class TimeSpec {

  private TimeSpec() {}

  /** Picocli converter for options that take a time, such as {@code --crossfade}. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Timecode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
