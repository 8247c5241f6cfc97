package dev.montage.core;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads points and lengths in time as people write them, exactly (no floating point): seconds such
 * as {@code 70.5}, or {@code mm:ss.fraction} / {@code hh:mm:ss.fraction} such as {@code 01:10.5} or
 * {@code 00:01:10.5}. The fraction has at most 9 digits (nanoseconds). Seconds after a colon, and
 * minutes in {@code hh:mm:ss}, are below 60; the leading field is unbounded ({@code 90:00} is 90
 * minutes). The command line reads its times with the same rules.
 */
public final class Timecode {

  /** What a valid time looks like, for error messages. */
  public static final String FORMS = "seconds (2.5) or [hh:]mm:ss[.fraction] (01:02.5, 1:02:03.250)";

  // Leading fields are bounded in digits so that no value can overflow a Duration.
  private static final Pattern SECONDS = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,9}))?");
  private static final Pattern CLOCK =
      Pattern.compile("(?:(\\d{1,9}):)?(\\d{1,9}):(\\d{1,2})(?:\\.(\\d{1,9}))?");

  private Timecode() {}

  /**
   * The duration {@code text} denotes, such as {@code Duration.ofMillis(70_500)} for
   * {@code "00:01:10.5"}, {@code "1:10.5"} or {@code "70.5"}.
   *
   * @throws IllegalArgumentException naming {@code text} and the accepted forms when it is not a
   *     time
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher seconds = SECONDS.matcher(text);
    if (seconds.matches()) {
      return Duration.ofSeconds(Long.parseLong(seconds.group(1)), nanos(seconds.group(2)));
    }
    Matcher clock = CLOCK.matcher(text);
    if (clock.matches()) {
      boolean withHours = clock.group(1) != null;
      long hours = withHours ? Long.parseLong(clock.group(1)) : 0;
      long minutes = Long.parseLong(clock.group(2));
      long secs = Long.parseLong(clock.group(3));
      if (withHours && (minutes >= 60 || clock.group(2).length() > 2)) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a time: minutes must be 00 to 59 in hh:mm:ss but were " + minutes);
      }
      if (secs >= 60) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a time: seconds after a colon must be 00 to 59 but were " + secs);
      }
      return Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(secs)
          .plusNanos(nanos(clock.group(4)));
    }
    throw new IllegalArgumentException("'" + text + "' is not a time: use " + FORMS);
  }

  private static long nanos(@Nullable String fraction) {
    if (fraction == null) {
      return 0;
    }
    return Long.parseLong((fraction + "000000000").substring(0, 9));
  }
}
