package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
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
 * Copy across two real encoders (x264 and OpenH264, both High profile) and across x264 presets
 * whose slice headers carry B-frames, weighted prediction and reference list changes: every output
 * frame decodes to the pixels of its source frame.
 */
@Tag("gpl")
@CheckLeaks
class CrossEncoderGplTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeAll
  static void needsX264() {
    assumeTrue(EncoderChoice.available(EncoderChoice.X264), "needs the GPL FFmpeg build (libx264)");
  }

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  static Path source(String codec, int toneHz, Map<String, String> options) {
    return SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)).withCodec(codec)
        .withToneHz(toneHz).withVideoOptions(options));
  }

  MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false));
  }

  @Test
  void x264BesideOpenH264_bothHighProfile_copiedFrameExact() throws Exception {
    assertCopiedExactly(source("libx264", 440, Map.of()),
        source("libopenh264", 880, Map.of("profile", "high")));
  }

  @Test
  void x264Presets_bFramesAndWeightedPrediction_copiedFrameExact() throws Exception {
    assertCopiedExactly(source("libx264", 440, Map.of("preset", "superfast")),
        source("libx264", 880, Map.of("preset", "slower", "weightp", "2")));
  }

  /** MBAFF-coded (interlaced) x264 streams: slice headers read with frame_mbs_only_flag 0. */
  @Test
  void interlacedX264_twoSettings_copiedFrameExact() throws Exception {
    Path first = source("libx264", 440, Map.of("preset", "superfast", "x264-params", "interlaced=1"));
    Path second = source("libx264", 880, Map.of("preset", "slower", "weightp", "2", "x264-params", "interlaced=1"));
    for (Path source : new Path[] {first, second}) {
      try (org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(
          source.toFile())) {
        grabber.start();
        int fieldOrder = grabber.getFormatContext().streams(grabber.getVideoStream()).codecpar().field_order();
        org.junit.jupiter.api.Assertions.assertNotEquals(org.bytedeco.ffmpeg.global.avcodec.AV_FIELD_PROGRESSIVE,
            fieldOrder, source + " is interlaced");
      }
    }
    assertCopiedExactly(first, second);
  }

  @Test
  void offKeyframeCut_acrossEncoders_isSmartCut_frameExact() throws Exception {
    Path a = source("libx264", 440, Map.of());
    Path b = source("libopenh264", 880, Map.of("profile", "high"));
    RenderResult result = builder()
        .clip(a, Duration.ofMillis(500), Duration.ofMillis(2500))
        .clip(b, Duration.ZERO, Duration.ofSeconds(2))
        .render();

    assertEquals(RenderMode.SMART_CUT, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(120, out.frameCount());
    for (int k = 0; k < 60; k++) {
      assertEquals(15 + k, out.frameIndexes().get(k), "frame " + k);
      assertEquals(k, out.frameIndexes().get(60 + k), "frame " + (60 + k));
    }
    DecodedVideo second = DecodedVideo.of(b);
    for (int k = 0; k < 60; k++) {
      assertEquals(second.frameChecksums().get(k), out.frameChecksums().get(60 + k), "copied frame " + (60 + k));
    }
  }

  /** Clips: first 1-2 s, second 0-2 s, first 0-1 s; all cut on IDR frames. */
  private void assertCopiedExactly(Path first, Path second) throws Exception {
    MontageBuilder job = builder()
        .clip(first, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(second, Duration.ZERO, Duration.ofSeconds(2))
        .clip(first, Duration.ZERO, Duration.ofSeconds(1));
    RenderResult result = job.render();

    assertEquals(RenderMode.STREAM_COPY, result.mode(), () -> job.build().plan().describe().toString());
    DecodedVideo out = DecodedVideo.of(result.output());
    DecodedVideo a = DecodedVideo.of(first);
    DecodedVideo b = DecodedVideo.of(second);
    assertEquals(120, out.frameCount());
    int[][] spans = {{30, 0, 30}, {0, 30, 60}, {0, 90, 30}};
    DecodedVideo[] from = {a, b, a};
    for (int clip = 0; clip < 3; clip++) {
      for (int k = 0; k < spans[clip][2]; k++) {
        int sourceFrame = spans[clip][0] + k;
        int outFrame = spans[clip][1] + k;
        assertEquals(sourceFrame, out.frameIndexes().get(outFrame), "clip " + clip + " frame " + k);
        assertEquals(from[clip].frameChecksums().get(sourceFrame), out.frameChecksums().get(outFrame),
            "clip " + clip + ": output frame " + outFrame + " differs from source frame " + sourceFrame);
      }
    }
  }
}
