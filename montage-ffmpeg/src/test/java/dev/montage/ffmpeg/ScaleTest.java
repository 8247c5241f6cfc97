package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1000-clip job at a tiny size: no clip lost, no audio drift at the end, nothing left behind.
 * Native memory may grow more than in small tests on this first big job (decoder and encoder
 * contexts of 40 segments on two threads warm glibc's arenas); {@link RepeatedRenderTest} proves
 * there is no growth trend.
 */
@CheckLeaks(nativeMemoryToleranceMb = 192)
class ScaleTest {

  @TempDir Path dir;

  @Test
  void render_thousandClipsWithoutDrift(@JobTempDir Path jobTemp) throws Exception {
    List<Path> sources = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      sources.add(SyntheticMedia.cached(SyntheticSpec.of(64, 48, 30, Duration.ofSeconds(4)).withToneHz(400 + 150 * s)));
    }
    MontageBuilder builder = MontageBuilder.create().output(dir.resolve("out.mp4")).size(64, 48).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false));
    for (int i = 0; i < 1000; i++) {
      long in = (i * 7L % 30) * 100;
      builder.clip(sources.get(i % 10), Duration.ofMillis(in), Duration.ofMillis(in + 100));
    }
    RenderResult result = builder.render();
    assertEquals(40, result.segments());
    assertEquals(3000, result.frameCount());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(3000, out.frameCount());
    // Audio ends where the video ends, within one frame, after 1000 cuts and 40 segments.
    assertEquals(100.0, out.audioSeconds(), 1.0 / 30);
    // The last clip (source 9) is heard in the last 0.1 s: the timeline did not slip.
    assertEquals(400 + 150 * 9, out.toneAt(99.91, 0.08), 60);
    assertEquals(400 + 150 * 8, out.toneAt(99.81, 0.08), 60);
  }
}
