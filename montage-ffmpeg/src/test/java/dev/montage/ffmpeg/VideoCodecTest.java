package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.EncodingException;
import dev.montage.core.InvalidJobException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output codecs on the LGPL build (the library's default): AV1 (SVT-AV1) and VP9 (libvpx) in MP4 and
 * WebM with Opus; HEVC refused with a typed error naming the build that has it. Every frame of the
 * output is decoded and its barcode read.
 */
@CheckLeaks
class VideoCodecTest {

  /** H.264 sources cut on keyframes: what would be copied into an H.264 output. */
  static final Path A = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2))
      .withCodec("libopenh264").withToneHz(440));
  static final Path B = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2))
      .withToneHz(880));

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  MontageBuilder job(String output) {
    return MontageBuilder.create().output(dir.resolve(output)).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false))
        // Enough bits at 160x120 for every barcode to read back (the quality's 57 kbit/s blurs AV1's).
        .videoBitrate(800_000)
        .clip(A, Duration.ZERO, Duration.ofSeconds(1))
        .clip(B, Duration.ofMillis(500), Duration.ofMillis(1500));
  }

  @Test
  void av1InMp4_everyFrameThere_audioAac() throws Exception {
    RenderResult result = job("out.mp4").videoCodec(VideoCodec.AV1).render();

    assertEquals(EncoderChoice.SVT_AV1, result.videoEncoder());
    assertEquals(RenderMode.REENCODE, result.mode());
    assertEquals("AAC", result.audio().codec());
    assertFrames(DecodedVideo.of(result.output()), "av1");
  }

  @Test
  void webm_isVp9WithOpus_byDefault() throws Exception {
    RenderResult result = job("out.webm").render();

    assertEquals(EncoderChoice.VPX_VP9, result.videoEncoder());
    assertEquals("Opus", result.audio().codec());
    assertFalse(result.audio().copied());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertFrames(out, "vp9");
    assertEquals("opus", out.audioCodec());
    assertEquals(440, out.toneAt(0.1, 0.8), 15);
    assertEquals(880, out.toneAt(1.1, 0.8), 25);
  }

  @Test
  void av1InWebm() throws Exception {
    RenderResult result = job("out.webm").videoCodec(VideoCodec.AV1).render();

    assertFrames(DecodedVideo.of(result.output()), "av1");
  }

  @Test
  void h264InWebm_isRefusedBeforeAnythingRuns() {
    InvalidJobException e = assertThrows(InvalidJobException.class,
        () -> job("out.webm").videoCodec(VideoCodec.H264).build());
    assertTrue(e.getMessage().contains("cannot hold H.264"), e.getMessage());
  }

  @Test
  void hevcOnTheLgplBuild_failsTyped_namingTheGplBuild_andLeavesNothing() throws Exception {
    EncodingException e = assertThrows(EncodingException.class, () -> job("out.mp4").videoCodec(VideoCodec.HEVC).render());
    assertTrue(e.getMessage().contains("montage-ffmpeg-gpl"), e.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void nonH264Output_isNeverCopied_andThePlanSaysWhy() {
    RenderPlan plan = MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).videoCodec(VideoCodec.VP9).clip(A, Duration.ZERO, Duration.ofSeconds(1)).build().plan();

    assertEquals(RenderMode.REENCODE, plan.mode());
    assertEquals(EncoderChoice.VPX_VP9, plan.videoEncoder());
    assertEquals("the output is VP9: only H.264 and HEVC outputs copy the sources' video", plan.clips().get(0).reason());
  }

  /** 60 frames: source A's 0-29, then source B's 15-44, each read from its barcode. */
  static void assertFrames(DecodedVideo out, String codec) {
    assertEquals(codec, out.videoCodec());
    assertEquals(60, out.frameCount());
    for (int k = 0; k < 30; k++) {
      assertEquals(k, out.frameIndexes().get(k), "frame " + k);
      assertEquals(15 + k, out.frameIndexes().get(30 + k), "frame " + (30 + k) + " of " + out.frameIndexes());
    }
  }
}
