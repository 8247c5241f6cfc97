package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.VideoCodec;
import dev.montage.core.policy.Hardware;
import dev.montage.ffmpeg.internal.segment.EncoderChoice;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEVC output on the GPL build (libx265), in MP4 and Matroska: every frame decoded; HEVC sources cut
 * on IDR pictures copied into it, frame-exact.
 */
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

  /** 3 s of HEVC from x265 with closed GOPs: an IDR picture every second, as phones record. */
  static Path hevc(int toneHz, String params) {
    return SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)).withCodec("libx265")
        .withToneHz(toneHz).withVideoOptions(Map.of("x265-params", params)));
  }

  MontageBuilder hevcJob() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false)).videoCodec(VideoCodec.HEVC);
  }

  @Test
  void hevcSources_cutOnIdrFrames_areCopiedIntoHevc_everyFrameExact() throws Exception {
    Path a = hevc(440, "open-gop=0:log-level=error");
    Path b = hevc(880, "open-gop=0:log-level=error");
    RenderResult result = hevcJob()
        .clip(a, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(b, Duration.ZERO, Duration.ofSeconds(1))
        .clip(a, Duration.ofSeconds(2), Duration.ofSeconds(3))
        .render();

    assertEquals(RenderMode.STREAM_COPY, result.mode());
    assertEquals("copy", result.videoEncoder());
    assertTrue(result.audio().copied(), result.audio().describe());
    DecodedVideo out = DecodedVideo.of(result.output());
    DecodedVideo sourceA = DecodedVideo.of(a);
    DecodedVideo sourceB = DecodedVideo.of(b);
    assertEquals("hevc", out.videoCodec());
    assertEquals(90, out.frameCount());
    for (int k = 0; k < 30; k++) {
      assertEquals(sourceA.frameChecksums().get(30 + k), out.frameChecksums().get(k), "frame " + k);
      assertEquals(sourceB.frameChecksums().get(k), out.frameChecksums().get(30 + k), "frame " + (30 + k));
      assertEquals(sourceA.frameChecksums().get(60 + k), out.frameChecksums().get(60 + k), "frame " + (60 + k));
    }
  }

  @Test
  void openGopHevc_keyframesAreCra_notIdr_soNotCopied() {
    RenderPlan plan = hevcJob().clip(hevc(440, "log-level=error"), Duration.ofSeconds(1), Duration.ofSeconds(2))
        .build().plan();

    assertEquals(RenderMode.REENCODE, plan.mode(), plan.describe().toString());
  }
}
