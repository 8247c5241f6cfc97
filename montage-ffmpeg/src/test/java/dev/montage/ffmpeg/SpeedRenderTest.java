package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Clip;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clips played faster and slower, rendered and decoded: the frame count is exact on the output
 * grid, each output frame shows the source frame at its scaled time, and the sound keeps its pitch
 * and its length.
 */
@CheckLeaks
class SpeedRenderTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  private MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(RenderTest.SMALL_MACHINE);
  }

  @Test
  void render_twiceAsFastThenHalfSpeed() throws Exception {
    Path a = RenderTest.source(160, 120, 30, 3, 440);
    Path b = RenderTest.source(160, 120, 30, 2, 880);
    MontageJob job = builder()
        .clip(Clip.of(a, Duration.ZERO, Duration.ofSeconds(2)).withSpeed(2))        // 1 s: source frames 0, 2, 4...
        .clip(Clip.of(b, Duration.ofMillis(500), Duration.ofSeconds(1)).withSpeed(0.5)) // 1 s: 15, 15, 16, 16...
        .build();
    RenderResult result = job.render();
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(60, out.frameCount());
    assertEquals(job.plannedFrames().orElseThrow(), out.frameCount());
    for (int k = 0; k < 30; k++) {
      assertEquals(2 * k, out.frameIndexes().get(k), "output frame " + k);
      assertEquals(15 + k / 2, out.frameIndexes().get(30 + k), "output frame " + (30 + k));
    }
    assertEquals(2.0, out.audioSeconds(), 1.0 / 30);
    // Pitch kept: the tones are where they were, though played at twice and half the speed
    // (windows of 0.2 s between the clicks: the zero-crossing count sees a click as a higher tone).
    for (double t : new double[] {0.05, 0.25, 0.55, 0.75}) {
      assertEquals(440, out.toneAt(t, 0.2), 5, "tone at " + t);
    }
    for (double t : new double[] {1.05, 1.3, 1.55, 1.75}) {
      assertEquals(880, out.toneAt(t, 0.2), 10, "tone at " + t);
    }
    // In sync: the source's click at 1 s sounds at 0.5 s of the clip played twice as fast.
    assertEquals(0.5, out.clickAt(0.4, 0.2), 0.012);
    // A quarter-scale tone stays a quarter-scale tone (no silence, no doubling) under the stretch.
    double level = out.rmsAt(1.2, 0.6);
    assertTrue(level > 4000 && level < 7500, "rms of the slowed tone " + level);
  }

  @Test
  void render_quarterAndFourTimesSpeed_frameCountsExact() throws Exception {
    Path a = RenderTest.source(160, 120, 30, 4, 440);
    MontageJob job = builder()
        .clip(Clip.of(a, Duration.ZERO, Duration.ofMillis(500)).withSpeed(0.25))  // 2 s
        .clip(Clip.of(a, Duration.ZERO, Duration.ofSeconds(4)).withSpeed(4))      // 1 s
        .crossfade(Duration.ofMillis(200))
        .build();
    RenderResult result = job.render();
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(60 + 30 - 6, out.frameCount());
    assertEquals(job.plannedFrames().orElseThrow(), out.frameCount());
    for (int k = 0; k < 54; k++) {
      assertEquals(k / 4, out.frameIndexes().get(k), "output frame " + k);
    }
    // The fast clip after the crossfade: its local frame j shows source frame 4j.
    for (int j = 6; j < 30; j++) {
      assertEquals(4 * j, out.frameIndexes().get(54 + j), "output frame " + (54 + j));
    }
    for (double t : new double[] {0.1, 0.5, 0.9, 1.3, 1.6}) {
      assertEquals(440, out.toneAt(t, 0.2), 5, "tone at " + t);
    }
    // The fast clip, alone from 2.0 s (its source's clicks, 2.5 ms long at 4x, are blended away).
    assertEquals(440, out.toneAt(2.35, 0.15), 5);
  }

  @Test
  void plan_saysRetimedClipsAreReencoded() {
    Path a = RenderTest.source(160, 120, 30, 3, 440);
    RenderPlan plan = builder().clip(Clip.of(a, Duration.ZERO, Duration.ofSeconds(1)).withSpeed(1.5)).build().plan();
    assertEquals(RenderResult.RenderMode.REENCODE, plan.mode());
    assertTrue(plan.clips().get(0).reason().contains("plays at 1.5x"), plan.clips().get(0).reason());
  }
}
