package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.core.CancellationToken;
import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.SourceMediaException;
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
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smart cut: cuts between keyframes re-encode only up to the nearest keyframe inside the clip and
 * copy the GOPs between, frame-exact. Runs on the GPL build (libx264 sets the pieces' parameter set
 * id), in its own surefire execution.
 */
@Tag("gpl")
@CheckLeaks
class SmartCutTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeAll
  static void needsX264() {
    assumeTrue(EncoderChoice.available(EncoderChoice.X264), "smart cut needs the GPL FFmpeg build (libx264)");
  }

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  /** 4 s at 30 fps, a keyframe every second; libx264 (B-frames) or libopenh264 (none). */
  static Path source(String codec, int toneHz) {
    return SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(4)).withCodec(codec)
        .withToneHz(toneHz));
  }

  MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false));
  }

  /**
   * With isolation the pieces are encoded and the copy joined in worker processes: the same bytes as
   * in process, and the host opens no native handle.
   */
  @Test
  void isolated_encodesAndJoinsInWorkers_toTheInProcessBytes() throws Exception {
    Path a = source("libx264", 440);
    Path b = source("libx264", 880);
    java.util.function.Function<String, MontageBuilder> job = name -> builder().output(dir.resolve(name))
        .clip(a, Duration.ofMillis(500), Duration.ofMillis(2500))
        .clip(b, Duration.ofMillis(200), Duration.ofMillis(2600));
    IsolatedCopyTest.sameBytesIsolated(job, RenderMode.SMART_CUT);
  }

  /**
   * x264's sources carry their sample aspect ratio in the SPS, which only an analysed stream shows:
   * the output's stream is made from one whichever grabber the pool had idle, so a copy joined in a
   * worker (fresh packet readers) writes the bytes the host does (it once lacked the pasp box).
   */
  @Test
  void isolatedStreamCopy_ofX264Sources_isByteIdentical() throws Exception {
    // The sample aspect ratio in the SPS only (the container says nothing), as the ffmpeg CLI's x264 writes it.
    Path a = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(4)).withCodec("libx264")
        .withToneHz(440).withVideoOptions(java.util.Map.of("x264-params", "sar=1/1")));
    Path b = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(4)).withCodec("libx264")
        .withToneHz(880).withVideoOptions(java.util.Map.of("x264-params", "sar=1/1")));
    java.util.function.Function<String, MontageBuilder> job = name -> builder().output(dir.resolve(name))
        .clip(a, Duration.ofSeconds(1), Duration.ofSeconds(3))
        .clip(b, Duration.ZERO, Duration.ofSeconds(1));
    IsolatedCopyTest.sameBytesIsolated(job, RenderMode.STREAM_COPY);
  }

  @Test
  void offKeyframeCuts_copyTheGopsBetweenAndStayFrameExact() throws Exception {
    Path a = source("libx264", 440);
    Path b = source("libx264", 880);
    RenderResult result = builder()
        .clip(a, Duration.ofMillis(500), Duration.ofMillis(2500))
        .clip(b, Duration.ofMillis(200), Duration.ofMillis(2600))
        .clip(a, Duration.ofMillis(1500), Duration.ofSeconds(4))
        .render();

    assertEquals(RenderMode.SMART_CUT, result.mode());
    assertEquals(EncoderChoice.X264, result.videoEncoder());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals("h264", out.videoCodec());
    assertEquals(60 + 72 + 75, out.frameCount());
    assertFrames(out, 0, 15, 60);
    assertFrames(out, 60, 6, 72);
    assertFrames(out, 132, 45, 75);
    assertEquals(440, out.toneAt(0.3, 1.4), 15);
    assertEquals(880, out.toneAt(2.3, 1.8), 25);
    assertEquals(440, out.toneAt(4.7, 2.0), 15);
    assertEquals(207 / 30.0, out.audioSeconds(), 1.0 / 30);
    assertEquals(List.of(0, 1), parameterSetIds(result.output()).subList(0, 2));
  }

  @Test
  void baselineSources_getBaselinePieces() throws Exception {
    Path a = source("libopenh264", 440);
    RenderResult result = builder()
        .clip(a, Duration.ofMillis(700), Duration.ofMillis(3300))
        .clip(a, Duration.ofMillis(100), Duration.ofMillis(2100))
        .render();

    assertEquals(RenderMode.SMART_CUT, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(78 + 60, out.frameCount());
    assertFrames(out, 0, 21, 78);
    assertFrames(out, 78, 3, 60);
  }

  @Test
  void clipWithoutKeyframesInside_isEncodedWhole_besideCopiedOnes() throws Exception {
    Path a = source("libx264", 440);
    RenderResult result = builder()
        .clip(a, Duration.ofMillis(1100), Duration.ofMillis(1800))
        .clip(a, Duration.ofSeconds(1), Duration.ofSeconds(3))
        .render();

    assertEquals(RenderMode.SMART_CUT, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(21 + 60, out.frameCount());
    assertFrames(out, 0, 33, 21);
    assertFrames(out, 21, 30, 60);
  }

  @Test
  void noClipSpanningAKeyframe_isReencodedAsUsual() throws Exception {
    RenderResult result = builder()
        .clip(source("libx264", 440), Duration.ofMillis(1100), Duration.ofMillis(1800))
        .render();

    assertEquals(RenderMode.REENCODE, result.mode());
    assertFrames(DecodedVideo.of(result.output()), 0, 33, 21);
  }

  @Test
  void smartCut_canBeSwitchedOff() throws Exception {
    RenderResult result = builder().smartCut(false)
        .clip(source("libx264", 440), Duration.ofMillis(500), Duration.ofMillis(2500))
        .render();

    assertEquals(RenderMode.REENCODE, result.mode());
    assertFrames(DecodedVideo.of(result.output()), 0, 15, 60);
  }

  @Test
  void matroskaOutput_keepsBothParameterSets() throws Exception {
    RenderResult result = builder().output(dir.resolve("out.mkv"))
        .clip(source("libx264", 440), Duration.ofMillis(500), Duration.ofMillis(2500))
        .render();

    assertEquals(RenderMode.SMART_CUT, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(60, out.frameCount());
    assertFrames(out, 0, 15, 60);
  }

  @Test
  void sourceStartingLate_isCutFromItsOwnStart_frameExactWithItsSound() throws Exception {
    Path late = StartOffset.copy(source("libx264", 440), dir.resolve("late.mp4"), 500_000);
    Path other = StartOffset.copy(source("libx264", 880), dir.resolve("late880.mp4"), 500_000);
    RenderResult smart = builder()
        .clip(late, Duration.ofMillis(710), Duration.ofMillis(3310))
        .clip(other, Duration.ofMillis(1000), Duration.ofMillis(3000))
        .render();
    assertEquals(RenderMode.SMART_CUT, smart.mode());
    DecodedVideo out = DecodedVideo.of(smart.output());
    assertEquals(78 + 60, out.frameCount());
    assertFrames(out, 0, 21, 78);
    assertFrames(out, 78, 30, 60);
    // Sound from the first frame of each clip on (not half a second of padding), and in step: the
    // source clicks at every whole second, here 0.29 s into the output.
    assertEquals(440, out.toneAt(0.03, 0.2), 15);
    assertEquals(880, out.toneAt(2.7, 0.3), 25);
    assertTrue(out.rmsAt(0.27, 0.05) > 1.4 * out.rmsAt(0.1, 0.05), "click of source second 1 at 0.29 s");

    RenderResult whole = builder().output(dir.resolve("whole.mp4")).streamCopy(false)
        .clip(late, Duration.ofMillis(710), Duration.ofMillis(3310))
        .render();
    DecodedVideo reencoded = DecodedVideo.of(whole.output());
    assertFrames(reencoded, 0, 21, 78);
    assertEquals(440, reencoded.toneAt(0.03, 0.2), 15);
    assertTrue(reencoded.rmsAt(0.27, 0.05) > 1.4 * reencoded.rmsAt(0.1, 0.05), "click of source second 1 at 0.29 s");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.2, 0.8})
  void cancellation_duringEncodingOrCopying_leavesNothing(double fraction) {
    CancellationToken token = CancellationToken.create();
    Path a = source("libx264", 440);
    assertThrows(RenderCancelledException.class, () -> builder().cancellation(token)
        .clip(a, Duration.ofMillis(500), Duration.ofMillis(3500))
        .clip(a, Duration.ofMillis(300), Duration.ofMillis(3700))
        .onProgress(p -> {
          if (p.fraction() >= fraction) {
            token.cancel();
          }
        })
        .render());
    assertFalse(java.nio.file.Files.exists(dir.resolve("out.mp4")));
  }

  @Test
  void sourceDeletedBeforeCopying_isASourceFailureNamingTheClip() throws Exception {
    Path a = java.nio.file.Files.copy(source("libx264", 440), dir.resolve("a.mp4"));
    SourceMediaException failure = assertThrows(SourceMediaException.class, () -> builder()
        .clip(a, Duration.ofMillis(500), Duration.ofMillis(2500))
        .onProgress(p -> {
          try {
            java.nio.file.Files.deleteIfExists(a);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        })
        .render());
    assertEquals(java.util.OptionalInt.of(0), failure.clipIndex());
    assertFalse(java.nio.file.Files.exists(dir.resolve("out.mp4")));
  }

  private static void assertFrames(DecodedVideo out, int at, int firstSourceFrame, int count) {
    for (int k = 0; k < count; k++) {
      assertEquals(firstSourceFrame + k, out.frameIndexes().get(at + k), "output frame " + (at + k));
    }
  }

  /** SPS ids in the output's avcC record, in order. */
  private static List<Integer> parameterSetIds(Path file) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      for (int i = 0; i < grabber.getFormatContext().nb_streams(); i++) {
        AVCodecParameters parameters = grabber.getFormatContext().streams(i).codecpar();
        if (parameters.codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
          byte[] avcc = new byte[parameters.extradata_size()];
          parameters.extradata().get(avcc);
          return spsIds(avcc);
        }
      }
    }
    throw new AssertionError("no video stream in " + file);
  }

  /** SPS ids of an avcC record whose SPS ids are small (a single-bit or 3-bit Exp-Golomb code). */
  private static List<Integer> spsIds(byte[] avcc) {
    List<Integer> ids = new ArrayList<>();
    int count = avcc[5] & 0x1F;
    int at = 6;
    for (int i = 0; i < count; i++) {
      int length = (avcc[at] & 0xFF) << 8 | avcc[at + 1] & 0xFF;
      int bits = avcc[at + 2 + 4] & 0xFF; // after NAL header, profile, constraints, level
      assertTrue(bits >= 0x20, "SPS id below 3 expected");
      ids.add(bits >= 0x80 ? 0 : ((bits >> 5) & 0x3) - 1);
      at += 2 + length;
    }
    return ids;
  }
}
