package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.Quality;
import dev.montage.core.RenderResult;
import dev.montage.ffmpeg.internal.segment.EncoderChoice;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoder settings on the GPL build (libx264): CRF, preset and bitrate all honoured, no warning. */
@Tag("gpl")
@CheckLeaks
class EncoderSettingsGplTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeAll
  static void needsX264() {
    assumeTrue(EncoderChoice.available(EncoderChoice.X264), "needs the GPL FFmpeg build (libx264)");
  }

  @BeforeEach
  void setUp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  MontageBuilder builder(String name) {
    Path a = RenderTest.source(320, 240, 30, 4.5, 440);
    return MontageBuilder.create().output(dir.resolve(name)).size(320, 240).frameRate(30)
        .tempDir(jobTemp).hardware(RenderTest.SMALL_MACHINE).streamCopy(false)
        .clip(a, Duration.ZERO, Duration.ofSeconds(4));
  }

  @Test
  void crfAndPreset_honouredByX264() throws Exception {
    RenderResult fine = builder("fine.mp4").crf(10).preset("ultrafast").render();
    RenderResult coarse = builder("coarse.mp4").crf(40).preset("ultrafast").render();
    assertEquals(EncoderChoice.X264, fine.videoEncoder());
    assertEquals(List.of(), fine.warnings());
    long fineBytes = EncoderSettingsRenderTest.videoBytes(fine);
    long coarseBytes = EncoderSettingsRenderTest.videoBytes(coarse);
    assertTrue(fineBytes > 2 * coarseBytes, "crf 10: " + fineBytes + " bytes, crf 40: " + coarseBytes);
  }

  @Test
  void videoBitrate_honouredByX264() throws Exception {
    RenderResult result = builder("rate.mp4").videoBitrate(60_000).render();
    assertEquals(EncoderChoice.X264, result.videoEncoder());
    assertEquals(List.of(), result.warnings());
    EncoderSettingsRenderTest.assertBitrate(60_000, EncoderSettingsRenderTest.videoBytes(result));
  }

  @Test
  void quality_becomesACrfOnX264() throws Exception {
    RenderResult low = builder("low.mp4").quality(Quality.LOW).render();
    RenderResult high = builder("high.mp4").quality(Quality.VERY_HIGH).render();
    assertEquals(List.of(), low.warnings());
    assertTrue(EncoderSettingsRenderTest.videoBytes(high) > EncoderSettingsRenderTest.videoBytes(low));
  }
}
