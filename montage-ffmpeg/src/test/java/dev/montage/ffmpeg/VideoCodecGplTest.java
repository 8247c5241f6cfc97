package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.VideoCodec;
import dev.montage.core.policy.Hardware;
import dev.montage.ffmpeg.internal.segment.EncoderChoice;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HEVC output on the GPL build (libx265), in MP4 and Matroska: every frame decoded. */
@Tag("gpl")
@CheckLeaks
class VideoCodecGplTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeAll
  static void needsX265() {
    assumeTrue(EncoderChoice.available(EncoderChoice.X265), "HEVC needs the GPL FFmpeg build (libx265)");
  }

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  @Test
  void hevcInMp4AndMkv_everyFrameThere() throws Exception {
    for (String output : new String[] {"out.mp4", "out.mkv"}) {
      RenderResult result = MontageBuilder.create().output(dir.resolve(output)).size(160, 120).frameRate(30)
          .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false)).videoBitrate(800_000)
          .videoCodec(VideoCodec.HEVC)
          .clip(VideoCodecTest.A, Duration.ZERO, Duration.ofSeconds(1))
          .clip(VideoCodecTest.B, Duration.ofMillis(500), Duration.ofMillis(1500))
          .render();

      assertEquals(EncoderChoice.X265, result.videoEncoder());
      assertEquals(RenderMode.REENCODE, result.mode());
      VideoCodecTest.assertFrames(DecodedVideo.of(result.output()), "hevc");
    }
  }
}
