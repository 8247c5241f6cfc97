package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.policy.Hardware;
import dev.montage.ffmpeg.internal.segment.EncoderChoice;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Random cuts of libx264 sources (B-frames, a keyframe every second) render frame-exact whatever
 * mix of encoded and copied pieces smart cut makes of them: output frame k of a clip is source
 * frame {@code floor(in * fps) + k}, as when the job is re-encoded whole. Runs on the GPL build
 * (see the module's pom); leaks are checked by hand (JUnit extensions do not run inside tries).
 */
@Tag("gpl")
class SmartCutPropertyTest {

  static final PropertyWorkDir WORK = new PropertyWorkDir("montage-smartcut-property-");
  static final double FPS = 30;
  static final int SOURCE_FRAMES = 150;

  record Cut(int sourceTone, int firstFrame, int frames) {}

  @AfterContainer
  static void removeWork() throws IOException {
    WORK.remove();
  }

  static Path source(int tone) {
    return SyntheticMedia.cached(SyntheticSpec.of(160, 120, FPS, Duration.ofSeconds(5)).withCodec("libx264")
        .withToneHz(tone));
  }

  @Provide
  Arbitrary<List<Cut>> cuts() {
    Arbitrary<Cut> cut = Combinators.combine(
            Arbitraries.of(440, 880),
            Arbitraries.integers().between(0, SOURCE_FRAMES - 2),
            Arbitraries.integers().between(1, 100))
        .as((tone, first, frames) -> new Cut(tone, first, Math.min(frames, SOURCE_FRAMES - 1 - first)));
    return cut.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 12, shrinking = ShrinkingMode.BOUNDED, seed = "20261126")
  void randomCuts_areFrameExact(@ForAll("cuts") List<Cut> cuts) throws Exception {
    if (!EncoderChoice.available(EncoderChoice.X264)) {
      throw new AssertionError("this execution must run on the GPL build (libx264)");
    }
    MontageBuilder builder = MontageBuilder.create().output(WORK.output).size(160, 120).frameRate(FPS)
        .tempDir(WORK.temp).hardware(new Hardware(2, 8L << 30, false));
    List<Integer> expected = new ArrayList<>();
    for (Cut cut : cuts) {
      // In points a third of a frame past the frame: the frame shown first is still that one. The
      // out point stays inside the source (its last frame is never asked for).
      Duration in = Duration.ofNanos(Math.round((cut.firstFrame() + 0.3) / FPS * 1e9));
      Duration out = in.plusNanos((long) Math.ceil(cut.frames() / FPS * 1e9));
      builder.clip(source(cut.sourceTone()), in, out);
      for (int k = 0; k < cut.frames(); k++) {
        expected.add(cut.firstFrame() + k);
      }
    }
    try {
      RenderResult result = builder.render();
      net.jqwik.api.statistics.Statistics.collect(result.mode());
      DecodedVideo decoded = DecodedVideo.of(result.output());
      assertEquals(expected, decoded.frameIndexes(), "mode " + result.mode());
      assertTrue(result.mode() != RenderMode.STREAM_COPY || expected.size() % 30 == 0, "copy only whole GOPs");
      assertEquals(decoded.frameCount() / FPS, decoded.audioSeconds(), 1.0 / FPS + 0.011, "audio as long as video");
    } finally {
      WORK.endTry();
    }
  }
}
