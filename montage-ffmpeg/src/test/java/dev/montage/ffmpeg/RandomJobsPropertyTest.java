package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.Clip;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.MontageArbitraries;
import dev.montage.testkit.SourceInfo;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random small jobs render to the planned length with audio as long as the video, and leave no
 * handle or temp file behind (checked by hand: JUnit extensions do not run inside jqwik tries).
 */
class RandomJobsPropertyTest {

  static final PropertyWorkDir WORK = new PropertyWorkDir("montage-property-");

  @AfterContainer
  static void removeWork() throws IOException {
    WORK.remove();
  }

  @Provide
  Arbitrary<MontageJob> jobs() {
    List<SourceInfo> sources = List.of(
        SourceInfo.synthetic(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2))),
        SourceInfo.synthetic(SyntheticSpec.of(128, 96, 25, Duration.ofMillis(1500)).withToneHz(880)),
        SourceInfo.synthetic(SyntheticSpec.of(120, 160, 24, Duration.ofSeconds(1)).withAudio(false)),
        SourceInfo.image(WORK.image()));
    return MontageArbitraries.jobs(sources, WORK.output, MontageArbitraries.resolutions(192, 144));
  }

  @Property(tries = 12, shrinking = ShrinkingMode.BOUNDED, seed = "20261125")
  void randomJob_rendersPlannedLengthWithoutLeaks(@ForAll("jobs") MontageJob generated) throws Exception {
    MontageJob job = generated.toBuilder().tempDir(WORK.temp).build();
    try {
      RenderResult result = job.render(RunOptions.builder().hardware(new Hardware(2, 8L << 30, false)).build());
      if (result.mode() == RenderResult.RenderMode.REENCODE) {
        assertEquals(job.plannedFrames().orElseThrow(), result.frameCount(), "plannedFrames() = rendered frames");
        assertEquals(job.plannedDuration().orElseThrow(), result.duration(), "plannedDuration() = result");
      }
      DecodedVideo out = DecodedVideo.of(result.output());
      double fps = job.output().frameRate();
      double seconds = 0;
      for (Clip clip : job.clips()) {
        seconds += clip.length().orElseThrow().toNanos() / 1e9;
      }
      int boundaries = job.clips().size() - 1;
      for (dev.montage.core.Transition transition : job.transitions()) {
        seconds -= transition.duration().toNanos() / 1e9;
      }
      assertEquals(result.frameCount(), out.frameCount(), "decoded frames = reported frames");
      // Each clip boundary and each crossfade is rounded to whole frames once.
      assertEquals(seconds * fps, out.frameCount(), 1 + boundaries, "frames against planned length");
      assertEquals(out.frameCount() / fps, out.audioSeconds(), 1.0 / fps + 0.03, "audio as long as video");
    } finally {
      WORK.endTry();
    }
  }
}
