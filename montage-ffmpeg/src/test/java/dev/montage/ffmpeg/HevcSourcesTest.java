package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.VideoCodec;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEVC sources (phone clips) on the LGPL build, which has no HEVC encoder: cut on IDR pictures they
 * are copied into an HEVC output all the same; matching the sources' codec where the job needs
 * encoding falls back to H.264 and says so.
 */
@CheckLeaks
class HevcSourcesTest {

  /** See src/test/resources/media/README.md: an IDR picture every second. */
  static final Path HEVC = resource("/media/hevc-idr-every-second.mp4");
  /** The same in 10 bits (HEVC Main 10). */
  static final Path HEVC_10_BIT = resource("/media/hevc10-idr-every-second.mp4");

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  static Path resource(String name) {
    try {
      return Path.of(HevcSourcesTest.class.getResource(name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false));
  }

  @Test
  void hevcOutput_idrCuts_areCopied_withoutAnHevcEncoder() throws Exception {
    RenderResult result = builder().videoCodec(VideoCodec.HEVC)
        .clip(HEVC, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(HEVC, Duration.ZERO, Duration.ofSeconds(1))
        .render();

    assertCopiedInOrder(result);
  }

  @Test
  void matchingTheSources_keepsPhoneClipsHevc() throws Exception {
    RenderResult result = builder().matchSourceCodec()
        .clip(HEVC, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(HEVC, Duration.ZERO, Duration.ofSeconds(1))
        .render();

    assertCopiedInOrder(result);
    assertEquals(java.util.List.of(), result.warnings());
  }

  @Test
  void matchingTheSources_whereEncodingIsNeeded_fallsBackToH264_andSaysWhy() throws Exception {
    RenderResult result = builder().matchSourceCodec()
        .clip(HEVC, Duration.ofMillis(500), Duration.ofMillis(1500))
        .render();

    assertEquals(RenderMode.REENCODE, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals("h264", out.videoCodec());
    assertEquals(30, out.frameCount());
    assertTrue(result.warnings().stream().anyMatch(w -> w.contains("no HEVC encoder") && w.contains("H.264")
        && w.contains("smart cut needs libx265")), result.warnings().toString());
  }

  @Test
  void tenBitHevc_staysTenBit_whenCopied() throws Exception {
    RenderResult result = builder().videoCodec(VideoCodec.HEVC)
        .clip(HEVC_10_BIT, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(HEVC_10_BIT, Duration.ZERO, Duration.ofSeconds(1))
        .render();

    assertEquals(RenderMode.STREAM_COPY, result.mode());
    try (org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(
        result.output().toFile())) {
      grabber.start();
      int format = grabber.getFormatContext().streams(grabber.getVideoStream()).codecpar().format();
      assertEquals("yuv420p10le", org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name(format).getString());
    }
    DecodedVideo out = DecodedVideo.of(result.output());
    DecodedVideo source = DecodedVideo.of(HEVC_10_BIT);
    assertEquals(60, out.frameCount());
    for (int k = 0; k < 30; k++) {
      assertEquals(source.frameChecksums().get(30 + k), out.frameChecksums().get(k), "frame " + k);
      assertEquals(source.frameChecksums().get(k), out.frameChecksums().get(30 + k), "frame " + (30 + k));
    }
  }

  private static void assertCopiedInOrder(RenderResult result) throws Exception {
    assertEquals(RenderMode.STREAM_COPY, result.mode());
    assertEquals("copy", result.videoEncoder());
    DecodedVideo out = DecodedVideo.of(result.output());
    DecodedVideo source = DecodedVideo.of(HEVC);
    assertEquals("hevc", out.videoCodec());
    assertEquals(60, out.frameCount());
    for (int k = 0; k < 30; k++) {
      assertEquals(source.frameChecksums().get(30 + k), out.frameChecksums().get(k), "frame " + k);
      assertEquals(source.frameChecksums().get(k), out.frameChecksums().get(30 + k), "frame " + (30 + k));
    }
  }
}
