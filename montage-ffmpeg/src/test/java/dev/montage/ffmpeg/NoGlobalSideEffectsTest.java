package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.montage.core.MontageBuilder;
import dev.montage.ffmpeg.internal.media.FfmpegLogging;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendering changes no JVM-wide setting the host did not ask for. */
@CheckLeaks
class NoGlobalSideEffectsTest {

  private static final String JAVACPP_LOGGER = "org.bytedeco.javacpp.logger";

  @Test
  void render_leavesJavacppsLoggerPropertyAlone(@TempDir Path dir, @JobTempDir Path jobTemp) {
    String before = System.getProperty(JAVACPP_LOGGER);
    Path clip = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(1)));
    MontageBuilder.create().size(160, 120).frameRate(30).output(dir.resolve("out.mp4")).tempDir(jobTemp)
        .clip(clip).render();
    assertEquals(before, System.getProperty(JAVACPP_LOGGER));
    assertFalse(FfmpegLogging.install(), "rendering installed the FFmpeg log bridge once already");
  }
}
