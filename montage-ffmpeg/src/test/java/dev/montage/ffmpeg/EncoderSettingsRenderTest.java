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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encoder settings on the default LGPL build (libopenh264): the bitrate is honoured, what OpenH264
 * cannot honour is reported in the result.
 */
@CheckLeaks
class EncoderSettingsRenderTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void setUp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  /** 4 s of 320x240 re-encoded: enough frames for the rate control to settle. */
  MontageBuilder builder(String name) {
    Path a = RenderTest.source(320, 240, 30, 4.5, 440);
    return MontageBuilder.create().output(dir.resolve(name)).size(320, 240).frameRate(30)
        .tempDir(jobTemp).hardware(RenderTest.SMALL_MACHINE).streamCopy(false)
        .clip(a, Duration.ZERO, Duration.ofSeconds(4));
  }

  /** Bytes of the output's compressed video packets. */
  static long videoBytes(RenderResult result) throws Exception {
    long bytes = 0;
    try (org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(result.output().toFile())) {
      grabber.start();
      int video = grabber.getVideoStream();
      for (org.bytedeco.ffmpeg.avcodec.AVPacket packet = grabber.grabPacket(); packet != null; packet = grabber.grabPacket()) {
        if (packet.stream_index() == video) {
          bytes += packet.size();
        }
      }
    }
    return bytes;
  }

  static void assertBitrate(long bitsPerSecond, long videoBytes) {
    double expected = bitsPerSecond * 4.0 / 8; // 4 s
    assertTrue(videoBytes > 0.6 * expected && videoBytes < 1.4 * expected,
        "video bytes " + videoBytes + " for " + bitsPerSecond + " bit/s over 4 s: expected about " + expected);
  }

  @BeforeEach
  void lgplBuild() {
    assumeTrue(EncoderChoice.h264().equals(EncoderChoice.OPENH264), "the default (LGPL) build encodes with libopenh264");
  }

  @Test
  void videoBitrate_honouredByOpenH264() throws Exception {
    // The synthetic picture needs about 180 kbit/s: below that the rate control must hold the rate.
    RenderResult low = builder("low.mp4").videoBitrate(60_000).render();
    RenderResult high = builder("high.mp4").videoBitrate(120_000).render();
    assertEquals(EncoderChoice.OPENH264, low.videoEncoder());
    assertBitrate(60_000, videoBytes(low));
    assertBitrate(120_000, videoBytes(high));
    assertEquals(List.of(), low.warnings());
  }

  @Test
  void quality_becomesABitrateOnOpenH264() throws Exception {
    RenderResult result = builder("low.mp4").quality(Quality.LOW).render();
    assertBitrate(Quality.LOW.bitrate(320, 240, 30), videoBytes(result));
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void crfAndPreset_onOpenH264_areReportedNotDropped() throws Exception {
    RenderResult result = builder("out.mp4").crf(18).preset("slow").render();
    assertEquals(EncoderChoice.OPENH264, result.videoEncoder());
    assertEquals(List.of(
            "crf 18 ignored: libopenh264 has no constant rate factor; encoded at 230400 bit/s (quality STANDARD);"
                + " set quality(...) or videoBitrate(...) instead, or use the GPL build (libx264)",
            "preset 'slow' ignored: libopenh264 has no presets"),
        result.warnings());
  }

  @Test
  void encoderSettings_onAStreamCopy_areReported() throws Exception {
    Path h264 = dev.montage.testkit.SyntheticMedia.cached(dev.montage.testkit.SyntheticSpec.of(160, 120, 30,
        Duration.ofSeconds(2)).withCodec(EncoderChoice.OPENH264));
    RenderResult result = MontageBuilder.create().output(dir.resolve("copy.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(RenderTest.SMALL_MACHINE).videoBitrate(500_000)
        .clip(h264)
        .render();
    assertEquals(RenderResult.RenderMode.STREAM_COPY, result.mode());
    assertEquals(List.of("video bitrate 500000 ignored: the video was stream-copied from the sources, nothing was"
        + " encoded; set streamCopy(false) to re-encode with these settings"), result.warnings());
  }
}
