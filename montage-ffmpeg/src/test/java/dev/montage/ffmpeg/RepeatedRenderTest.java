package dev.montage.ffmpeg;

import dev.montage.core.MontageBuilder;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.RepeatedLeakCheck;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stability plan's leak test: the same render 100 times in one JVM, failing on any growth trend
 * of open handles (exactly flat), file descriptors, native memory or RSS.
 */
class RepeatedRenderTest {

  @TempDir Path dir;

  @Test
  void render_hundredTimesWithoutGrowth(@JobTempDir Path jobTemp) {
    Path a = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));
    Path b = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 25, Duration.ofSeconds(2)).withToneHz(880));
    Path out = dir.resolve("out.mp4");
    RepeatedLeakCheck.assertNoGrowth(100, () -> {
      MontageBuilder.create().output(out).size(160, 120).frameRate(30).tempDir(jobTemp)
          .hardware(new Hardware(2, 8L << 30, false))
          .clip(a, Duration.ZERO, Duration.ofMillis(400))
          .clip(b, Duration.ofMillis(500), Duration.ofMillis(900))
          .clip(a, Duration.ofMillis(1000), Duration.ofMillis(1400))
          .crossfade(Duration.ofMillis(100))
          .render();
      try {
        Files.delete(out);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }
}
