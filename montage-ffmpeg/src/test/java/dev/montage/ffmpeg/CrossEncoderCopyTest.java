package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources from differently set H.264 encoders (the same profile and size, different parameter sets
 * under the same ids) copied into one stream: every parameter set in the output's avcC under its own
 * id, the slices of the renumbered source rewritten, every frame decoded exactly as from its source.
 */
@CheckLeaks
class CrossEncoderCopyTest {

  /** OpenH264, Main profile, CABAC: PPS 0 with entropy_coding_mode_flag 1. */
  static final Path CABAC = source(440, Map.of("profile", "main"));
  /** OpenH264, Main profile, CAVLC: the same SPS, and a PPS 0 that differs from CABAC's. */
  static final Path CAVLC = source(880, Map.of("profile", "main", "coder", "cavlc"));
  /** OpenH264, Constrained Baseline: another profile. */
  static final Path BASELINE = source(660, Map.of());

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  static Path source(int toneHz, Map<String, String> options) {
    return SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)).withCodec("libopenh264")
        .withToneHz(toneHz).withVideoOptions(options));
  }

  MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false));
  }

  @Test
  void cavlcSlicesRenumbered_besideCabacSource_everyFrameExact() throws Exception {
    assertCopiedExactly(CABAC, CAVLC);
  }

  @Test
  void cabacSlicesRenumbered_besideCavlcSource_everyFrameExact() throws Exception {
    assertCopiedExactly(CAVLC, CABAC);
  }

  /** Clips: first 1-2 s, second 0-1 s, first 2-3 s, second 1-3 s; all cut on IDR frames. */
  private void assertCopiedExactly(Path first, Path second) throws Exception {
    RenderResult result = builder()
        .clip(first, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(second, Duration.ZERO, Duration.ofSeconds(1))
        .clip(first, Duration.ofSeconds(2), Duration.ofSeconds(3))
        .clip(second, Duration.ofSeconds(1), Duration.ofSeconds(3))
        .render();

    assertEquals(RenderMode.STREAM_COPY, result.mode());
    assertEquals("copy", result.videoEncoder());
    DecodedVideo out = DecodedVideo.of(result.output());
    DecodedVideo a = DecodedVideo.of(first);
    DecodedVideo b = DecodedVideo.of(second);
    assertEquals(150, out.frameCount());
    int[][] spans = {{30, 0}, {0, 30}, {60, 60}, {30, 90}};
    DecodedVideo[] from = {a, b, a, b};
    int[] lengths = {30, 30, 30, 60};
    for (int clip = 0; clip < 4; clip++) {
      for (int k = 0; k < lengths[clip]; k++) {
        int sourceFrame = spans[clip][0] + k;
        int outFrame = spans[clip][1] + k;
        assertEquals(sourceFrame, out.frameIndexes().get(outFrame), "clip " + clip + " frame " + k);
        assertEquals(from[clip].frameChecksums().get(sourceFrame), out.frameChecksums().get(outFrame),
            "clip " + clip + ": output frame " + outFrame + " decodes to other pixels than source frame "
                + sourceFrame);
      }
    }
    // One SPS (the same in both), two PPS: the first source's under id 0, the second's renumbered.
    byte[] avcc = videoExtradata(result.output());
    assertEquals(1, avcc[5] & 0x1F, "SPS count");
    assertEquals(2, avcc[8 + ((avcc[6] & 0xFF) << 8 | avcc[7] & 0xFF)], "PPS count");
    assertEquals(tone(first), out.toneAt(0.1, 0.8), 25);
    assertEquals(tone(second), out.toneAt(1.1, 0.8), 25);
  }

  @Test
  void otherProfile_isReencoded_andThePlanSaysWhy() {
    RenderPlan plan = builder()
        .clip(CABAC, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(BASELINE, Duration.ZERO, Duration.ofSeconds(1))
        .build().plan();

    assertEquals(RenderMode.REENCODE, plan.mode());
    String reason = plan.clips().get(1).reason();
    assertTrue(reason.contains("cannot be joined") && reason.contains("profile 77 against 66")
        && reason.contains(BASELINE.toString()), reason);
  }

  private static int tone(Path source) {
    return source.equals(CABAC) ? 440 : 880;
  }

  private static byte[] videoExtradata(Path file) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      AVCodecParameters video = grabber.getFormatContext().streams(grabber.getVideoStream()).codecpar();
      byte[] bytes = new byte[video.extradata_size()];
      video.extradata().get(bytes);
      return bytes;
    }
  }
}
