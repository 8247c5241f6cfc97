package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** plannedFrames / plannedDuration: the renderer's rounding, without media. */
class PlannedFramesTest {

  private static final Path DIR = Path.of("media");

  private static MontageBuilder job(double fps, Duration crossfade, Duration... lengths) {
    MontageBuilder builder = MontageBuilder.create().output(DIR.resolve("out.mp4")).frameRate(fps).crossfade(crossfade);
    for (int i = 0; i < lengths.length; i++) {
      builder.clip(DIR.resolve(i + ".mp4"), Duration.ofSeconds(1), Duration.ofSeconds(1).plus(lengths[i]));
    }
    return builder;
  }

  @Test
  void plannedFrames_cutsAddUp() {
    MontageJob job = job(30, Duration.ZERO, Duration.ofSeconds(2), Duration.ofMillis(1500)).build();
    assertEquals(OptionalLong.of(105), job.plannedFrames());
    assertEquals(Optional.of(Duration.ofMillis(3500)), job.plannedDuration());
  }

  @Test
  void plannedFrames_roundsCumulativeEndsNotEachClip() {
    // 3 clips of 0.35 s at 25 fps: 8.75 frames each; ends at 8.75, 17.5, 26.25 -> 9, 18 (half up), 26.
    Duration d = Duration.ofMillis(350);
    MontageJob job = job(25, Duration.ZERO, d, d, d).build();
    assertEquals(OptionalLong.of(26), job.plannedFrames());
    assertEquals(Optional.of(Duration.ofMillis(1040)), job.plannedDuration());
  }

  @Test
  void plannedFrames_crossfadesOverlap() {
    // 3 x 2 s at 30 fps = 180 frames, two crossfades of 0.5 s = 15 frames each overlap.
    MontageJob job = job(30, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(2),
        Duration.ofSeconds(2)).build();
    assertEquals(OptionalLong.of(150), job.plannedFrames());
    assertEquals(Optional.of(Duration.ofSeconds(5)), job.plannedDuration());
  }

  @Test
  void plannedDuration_atFractionalFrameRate() {
    MontageJob job = job(29.97, Duration.ZERO, Duration.ofSeconds(10)).build();
    assertEquals(OptionalLong.of(300), job.plannedFrames());
    assertEquals(Optional.of(Duration.ofNanos(10_010_010_010L)), job.plannedDuration());
  }

  @Test
  void plannedFrames_unknownWhileAClipRunsToItsSourcesEnd() {
    MontageJob job = job(30, Duration.ZERO, Duration.ofSeconds(2)).clip(DIR.resolve("whole.mp4")).build();
    assertEquals(OptionalLong.empty(), job.plannedFrames());
    assertEquals(Optional.empty(), job.plannedDuration());
  }
}
