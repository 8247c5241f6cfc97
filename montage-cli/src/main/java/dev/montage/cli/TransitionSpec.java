package dev.montage.cli;

import dev.montage.core.Timecode;
import dev.montage.core.Transition;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code --transition} value: {@code [N=]KIND[:TIME]}, such as {@code wipe-left:0.5} for every
 * boundary or {@code 2=dip-black:1} for the one after clip 2. Kinds: {@code cut}, {@code crossfade},
 * {@code dip-black}, {@code dip-white}, {@code wipe-left|right|up|down},
 * {@code slide-left|right|up|down}; every kind but {@code cut} needs a time.
 *
 * @param after the clip the transition follows, or empty for every boundary
 * @param transition the transition
 */
record TransitionSpec(OptionalInt after, Transition transition) {

  /** How the accepted values are written, for messages and help. */
  static final String FORM = "[N=]KIND[:SECONDS], KIND one of cut, crossfade, dip-black, dip-white,"
      + " wipe-left|right|up|down, slide-left|right|up|down";

  private static final Pattern SYNTAX = Pattern.compile("(?:(\\d{1,6})=)?([a-z-]+)(?::(.+))?");

  /**
   * The transition {@code text} denotes.
   *
   * @throws IllegalArgumentException naming {@code text} and the accepted form
   */
  static TransitionSpec parse(String text) {
    Matcher m = SYNTAX.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a transition: use " + FORM);
    }
    OptionalInt after = m.group(1) == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(m.group(1)));
    String kind = m.group(2);
    String time = m.group(3);
    if (kind.equals("cut")) {
      if (time != null) {
        throw new IllegalArgumentException("'" + text + "': a cut takes no time");
      }
      return new TransitionSpec(after, Transition.cut());
    }
    if (time == null) {
      throw new IllegalArgumentException("'" + text + "': give the " + kind + "'s length, such as " + kind + ":0.5");
    }
    Duration length;
    try {
      length = Timecode.parse(time);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
    }
    return new TransitionSpec(after, switch (kind) {
      case "crossfade" -> Transition.crossfade(length);
      case "dip-black" -> Transition.dipToBlack(length);
      case "dip-white" -> Transition.dipToWhite(length);
      case "wipe-left", "wipe-right", "wipe-up", "wipe-down" -> Transition.wipe(direction(kind), length);
      case "slide-left", "slide-right", "slide-up", "slide-down" -> Transition.slide(direction(kind), length);
      default -> throw new IllegalArgumentException("'" + text + "': unknown transition '" + kind + "'; use " + FORM);
    });
  }

  private static Transition.Direction direction(String kind) {
    return Transition.Direction.valueOf(kind.substring(kind.indexOf('-') + 1).toUpperCase(Locale.ROOT));
  }

  /** Picocli converter for {@code --transition}. */
  static final class Converter implements ITypeConverter<TransitionSpec> {
    @Override
    public TransitionSpec convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
