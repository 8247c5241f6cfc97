package dev.montage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Clip;
import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderSettings;
import dev.montage.core.Transition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    List<String> problems = JobValidator.problems(new JobValidator.Draft(
        List.of(Clip.whole(Path.of("a.mp4"))), Path.of("out.mp4"), 1280, 720, 25, null, Transition.cut(), Map.of(),
        defaultSettings(), false));
    assertTrue(problems.isEmpty(), problems::toString);
  }

  @Test
  void problems_hugeCrossfadeDoesNotOverflow() {
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    List<Clip> clips = List.of(
        Clip.of(Path.of("a.mp4"), Duration.ZERO, Duration.ofSeconds(5)),
        Clip.of(Path.of("b.mp4"), Duration.ZERO, Duration.ofSeconds(5)),
        Clip.of(Path.of("c.mp4"), Duration.ZERO, Duration.ofSeconds(5)));
    List<String> problems = JobValidator.problems(new JobValidator.Draft(
        clips, Path.of("out.mp4"), 1280, 720, 25, null, Transition.crossfade(huge), Map.of(), defaultSettings(), false));
    assertEquals(3, problems.size(), problems::toString);
    assertTrue(problems.get(1).contains("at least 18446744073709551614.0s (crossfades at both ends)"),
        problems.get(1));
  }

  @Test
  void micros_saturates() {
    assertEquals(1_500_000, TimelineFrames.micros(Duration.ofMillis(1500)));
    assertEquals(Long.MAX_VALUE, TimelineFrames.micros(Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals(Long.MIN_VALUE, TimelineFrames.micros(Duration.ofSeconds(Long.MIN_VALUE)));
  }

  @Test
  void shortestCrossfade_isOneFrameAfterRounding() {
    for (double fps : new double[] {1, 23.976, 25, 29.97, 30, 60, 240}) {
      long shortest = TimelineFrames.shortestCrossfadeMicros(fps);
      assertEquals(1, TimelineFrames.transitionFrames(shortest, fps), "fps " + fps);
      assertEquals(0, TimelineFrames.transitionFrames(shortest - 1, fps), "fps " + fps);
    }
  }

  @Test
  void plan_roundsCumulativeEndsAndClampsTheCrossfade() {
    // 3 clips of 1/3 s at 25 fps: ends at 8.33, 16.67, 25 frames -> 8, 17, 25.
    long third = 333_333;
    TimelineFrames.Plan plan = TimelineFrames.plan(new long[] {third, third, third + 1}, 25, 0);
    assertEquals(8, plan.frames(0));
    assertEquals(9, plan.frames(1));
    assertEquals(8, plan.frames(2));
    assertEquals(25, plan.totalFrames());
    // A crossfade of 5 frames would need the middle clip to show 10: clamped to 9 / 2 = 4.
    TimelineFrames.Plan faded = TimelineFrames.plan(new long[] {third, third, third + 1}, 25, 5);
    assertEquals(4, faded.overlapAfter(0));
    assertEquals(4, faded.overlapAfter(1));
    assertEquals(25 - 2 * 4, faded.totalFrames());
    assertEquals(0, TimelineFrames.plan(new long[] {1_000_000}, 25, 5).overlapAfter(0));
    assertEquals(0, TimelineFrames.plan(new long[0], 25, 5).totalFrames());
  }

  private static RenderSettings defaultSettings() {
    return MontageBuilder.create().clip(Path.of("a.mp4")).output(Path.of("out.mp4")).build().settings();
  }

  @Test
  void protocolLikeNames_areRefused_butAnExistingFileWithAColonIsAFile(@org.junit.jupiter.api.io.TempDir Path dir)
      throws java.io.IOException {
    Path colon = java.nio.file.Files.createFile(dir.resolve("take2:final.mov"));
    MontageBuilder.create().output(dir.resolve("out.mp4")).clip(colon, Duration.ZERO, Duration.ofSeconds(1)).build();

    dev.montage.core.InvalidJobException refused = org.junit.jupiter.api.Assertions.assertThrows(
        dev.montage.core.InvalidJobException.class, () -> MontageBuilder.create().output(dir.resolve("out.mp4"))
            .clip(Path.of("concat:a.mp4|b.mp4"), Duration.ZERO, Duration.ofSeconds(1)).build());
    assertTrue(refused.getMessage().contains("'concat:' is an FFmpeg protocol, not a file"), refused.getMessage());
  }
}
