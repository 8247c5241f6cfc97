package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderResult;
import dev.montage.core.Transition;
import dev.montage.core.Transition.Direction;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transitions per boundary, rendered and decoded: at the middle frame of each (9 frames, so at
 * progress exactly 1/2) the barcode tells which half of the picture came from which clip and from
 * where in it; a dip's middle frame is black and silent.
 */
@CheckLeaks
class TransitionRenderTest {

  private static final Duration NINE_FRAMES = Duration.ofMillis(300);
  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  /**
   * Four clips of 1 s (30 frames) with a wipe, a slide and a dip of 9 frames: they start at output
   * frames 0, 21, 42 and 63, and the middles of the transitions are frames 25, 46 and 67. One
   * segment per clip, so each transition is drawn by the segment before it, reading ahead.
   */
  @Test
  void render_wipeSlideAndDipPerBoundary() throws Exception {
    Path source = RenderTest.source(160, 120, 30, 4, 440);
    MontageJob job = MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(RenderTest.SMALL_MACHINE)
        .clip(source, Duration.ZERO, Duration.ofSeconds(1))               // frames 0..29 of the source
        .clip(source, Duration.ofMillis(2500), Duration.ofMillis(3500))   // 75..104
        .clip(source, Duration.ofSeconds(1), Duration.ofSeconds(2))       // 30..59
        .clip(source, Duration.ofSeconds(3), Duration.ofSeconds(4))       // 90..119
        .transition(Transition.dipToBlack(NINE_FRAMES))
        .transitionAfter(0, Transition.wipe(Direction.LEFT, NINE_FRAMES))
        .transitionAfter(1, Transition.slide(Direction.LEFT, NINE_FRAMES))
        .batchSizing((w, h, memory) -> 1)
        .build();
    RenderResult result = job.render();
    assertEquals(4, result.segments());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(120 - 3 * 9, out.frameCount());
    assertEquals(job.plannedFrames().orElseThrow(), out.frameCount());
    // Before the wipe: the first clip alone.
    for (int k = 0; k < 21; k++) {
      assertEquals(k, out.frameIndexes().get(k), "output frame " + k);
    }
    // Wipe left, middle (frame 25): left half the first clip's frame 25 (its high 6 bits), right
    // half the second clip's frame 4, source frame 79 (its low 6 bits).
    assertEquals((25 & 0xFC0) | (79 & 0x3F), out.frameIndexes().get(25));
    // After the wipe the second clip alone, from its own frame 9 on.
    assertEquals(75 + 9, out.frameIndexes().get(30));
    // Slide left, middle (frame 46): the outgoing clip's right half (second clip's frame 25,
    // source 100: low bits) moved to the left, the incoming clip's left half (third clip's frame 4,
    // source 34: high bits) on the right.
    assertEquals(((100 & 0x3F) << 6) | (34 >> 6), out.frameIndexes().get(46));
    assertEquals(30 + 9, out.frameIndexes().get(51));
    // Dip to black, middle (frame 67): black everywhere, the barcode band included.
    assertTrue(out.lumaMeans().get(67) < 20, "luma at the dip's middle " + out.lumaMeans().get(67));
    assertTrue(out.lumaMeans().get(62) > 40, "luma before the dip " + out.lumaMeans().get(62));
    assertEquals(90 + 9, out.frameIndexes().get(72));
    // ... and silent there: both clips' sound is faded out at the dip's middle.
    double middle = 67 / 30.0 + 0.5 / 30;
    assertTrue(out.rmsAt(middle - 0.005, 0.01) < 0.15 * out.rmsAt(0.3, 0.2),
        "sound at the dip's middle " + out.rmsAt(middle - 0.005, 0.01));
  }
}
