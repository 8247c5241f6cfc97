package dev.montage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Clip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator's own helpers; its rules are tested through the builder in MontageBuilderValidationTest. */
class JobValidatorTest {

  @Test
  void seconds_wholeAndFractional() {
    assertEquals("0.0s", JobValidator.seconds(Duration.ZERO));
    assertEquals("1.0s", JobValidator.seconds(Duration.ofSeconds(1)));
    assertEquals("10.0s", JobValidator.seconds(Duration.ofSeconds(10)));
    assertEquals("1.5s", JobValidator.seconds(Duration.ofMillis(1500)));
    assertEquals("0.25s", JobValidator.seconds(Duration.ofMillis(250)));
  }

  @Test
  void seconds_negative() {
    assertEquals("-0.5s", JobValidator.seconds(Duration.ofMillis(-500)));
    assertEquals("-2.0s", JobValidator.seconds(Duration.ofSeconds(-2)));
  }

  @Test
  void seconds_belowOneMillisecondStaysVisible() {
    assertEquals("0.000001s", JobValidator.seconds(Duration.ofNanos(1000)));
    assertEquals("-0.000000001s", JobValidator.seconds(Duration.ofNanos(-1)));
  }

  @Test
  void seconds_longerThanNanosecondsCanCount() {
    assertEquals(Long.MAX_VALUE + ".999999999s", JobValidator.seconds(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
    assertEquals(Long.MIN_VALUE + ".0s", JobValidator.seconds(Duration.ofSeconds(Long.MIN_VALUE)));
  }

  @Test
  void problems_validJobHasNone() {
    List<String> problems = JobValidator.problems(
        List.of(Clip.whole(Path.of("a.mp4"))), Path.of("out.mp4"), 1280, 720, 25, null, Duration.ZERO,
        Path.of(System.getProperty("java.io.tmpdir")), 0, "veryfast", 23);
    assertTrue(problems.isEmpty(), problems::toString);
  }

  @Test
  void problems_hugeCrossfadeDoesNotOverflow() {
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    List<Clip> clips = List.of(
        Clip.of(Path.of("a.mp4"), Duration.ZERO, Duration.ofSeconds(5)),
        Clip.of(Path.of("b.mp4"), Duration.ZERO, Duration.ofSeconds(5)),
        Clip.of(Path.of("c.mp4"), Duration.ZERO, Duration.ofSeconds(5)));
    List<String> problems = JobValidator.problems(
        clips, Path.of("out.mp4"), 1280, 720, 25, null, huge,
        Path.of(System.getProperty("java.io.tmpdir")), 0, "veryfast", 23);
    assertEquals(3, problems.size(), problems::toString);
    assertTrue(problems.get(1).contains("at least 18446744073709551614.0s (crossfades at both ends)"),
        problems.get(1));
  }
}
