package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smart cut of HEVC into HEVC (GPL build: libx265 encodes the pieces at cuts between IDR pictures):
 * the GOPs between are copied bit-exact, the pieces carry their own parameter sets in the stream
 * (an {@code hev1} track), every frame is where it belongs, and 10-bit stays 10-bit. Sources from
 * different encoder settings share the stream the same way.
 */
@Tag("gpl")
@CheckLeaks
class HevcSmartCutTest {

  /** MP4's four-character code for HEVC whose parameter sets may be in the samples. */
  private static final int HEV1 = 'h' | 'e' << 8 | 'v' << 16 | '1' << 24;
  /** MP4's four-character code for HEVC with every parameter set in the record (what Apple plays). */
  private static final int HVC1 = 'h' | 'v' << 8 | 'c' << 16 | '1' << 24;

  /** x265 parameters of sources whose sets differ from the pieces': closed GOPs, 16-pixel coding blocks. */
  static final String SMALL_BLOCKS = "open-gop=0:ctu=16:log-level=error";

  @TempDir Path dir;
  Path jobTemp;

  @BeforeAll
  static void needsX265() {
    assumeTrue(EncoderChoice.available(EncoderChoice.X265), "HEVC smart cut needs the GPL FFmpeg build (libx265)");
  }

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  MontageBuilder hevcJob(String output) {
    return MontageBuilder.create().output(dir.resolve(output)).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false)).videoCodec(VideoCodec.HEVC);
  }

  @Test
  void cutsBetweenIdrPictures_encodeOnlyThePieces_andCopyTheGopsBitExact() throws Exception {
    // Coding blocks of 16 pixels, where the pieces' x265 takes 64: decoded under the other's
    // parameter sets, either would be garbage.
    Path a = VideoCodecGplTest.hevc(440, SMALL_BLOCKS);
    Path b = VideoCodecGplTest.hevc(880, SMALL_BLOCKS);
    MontageBuilder job = hevcJob("out.mp4")
        .clip(a, Duration.ofMillis(500), Duration.ofMillis(2500))
        .clip(b, Duration.ofMillis(200), Duration.ofMillis(2600))
        .clip(a, Duration.ofMillis(1500), Duration.ofSeconds(3));

    RenderPlan plan = job.build().plan();
    assertEquals(RenderMode.SMART_CUT, plan.mode(), plan.describe().toString());
    RenderResult result = job.render();

    assertEquals(RenderMode.SMART_CUT, result.mode());
    assertEquals(EncoderChoice.X265, result.videoEncoder());
    DecodedVideo out = DecodedVideo.of(result.output());
    DecodedVideo sourceA = DecodedVideo.of(a);
    DecodedVideo sourceB = DecodedVideo.of(b);
    assertEquals("hevc", out.videoCodec());
    assertEquals(60 + 72 + 45, out.frameCount());
    assertFrames(out, 0, 15, 60);
    assertFrames(out, 60, 6, 72);
    assertFrames(out, 132, 45, 45);
    // The whole GOPs are the sources' own pictures: decoded bit for bit the same.
    assertCopied(out, 15, sourceA, 30, 30);
    assertCopied(out, 84, sourceB, 30, 30);
    assertCopied(out, 147, sourceA, 60, 30);
    assertEquals(440, out.toneAt(0.3, 1.4), 15);
    assertEquals(880, out.toneAt(2.3, 1.8), 25);
    assertEquals(440, out.toneAt(4.6, 1.2), 15);
    // The pieces' sets renumbered into the record beside the sources': hvc1, which Apple plays.
    assertEquals(HVC1, videoParameters(result.output()).tag());
  }

  /** With isolation: x265's pieces in workers, the HEVC join (records read, ids renumbered) in a worker; the same bytes. */
  @Test
  void isolated_encodesAndJoinsInWorkers_toTheInProcessBytes() throws Exception {
    Path a = VideoCodecGplTest.hevc(440, SMALL_BLOCKS);
    Path b = VideoCodecGplTest.hevc(880, SMALL_BLOCKS);
    java.util.function.Function<String, MontageBuilder> job = name -> hevcJob(name)
        .clip(a, Duration.ofMillis(500), Duration.ofMillis(2500))
        .clip(b, Duration.ofMillis(200), Duration.ofMillis(2600));
    IsolatedCopyTest.sameBytesIsolated(job, RenderMode.SMART_CUT);
  }

  @Test
  void sourcesFromDifferentEncoderSettings_copyIntoOneStream_everyFrameExact() throws Exception {
    Path a = VideoCodecGplTest.hevc(440, SMALL_BLOCKS);
    Path b = VideoCodecGplTest.hevc(880, "open-gop=0:log-level=error");
    RenderResult result = hevcJob("out.mp4")
        .clip(a, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(b, Duration.ZERO, Duration.ofSeconds(1))
        .clip(a, Duration.ofSeconds(2), Duration.ofSeconds(3))
        .clip(b, Duration.ofMillis(1500), Duration.ofSeconds(3))
        .render();

    assertEquals(RenderMode.SMART_CUT, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    DecodedVideo sourceA = DecodedVideo.of(a);
    DecodedVideo sourceB = DecodedVideo.of(b);
    assertEquals(135, out.frameCount());
    assertCopied(out, 0, sourceA, 30, 30);
    assertCopied(out, 30, sourceB, 0, 30);
    assertCopied(out, 60, sourceA, 60, 30);
    assertFrames(out, 90, 45, 15);
    assertCopied(out, 105, sourceB, 60, 30);
    assertEquals(HEV1, videoParameters(result.output()).tag(), "the sources' sets change in the stream");
  }

  @Test
  void pureCopies_areHvc1_whereOneSetOfParameterSetsServes_hev1_whereTheyChange() throws Exception {
    Path a = VideoCodecGplTest.hevc(440, SMALL_BLOCKS);
    Path b = VideoCodecGplTest.hevc(880, "open-gop=0:log-level=error");
    RenderResult same = hevcJob("same.mp4")
        .clip(a, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(a, Duration.ZERO, Duration.ofSeconds(1))
        .render();
    RenderResult mixed = hevcJob("mixed.mp4")
        .clip(a, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(b, Duration.ZERO, Duration.ofSeconds(2))
        .render();

    assertEquals(RenderMode.STREAM_COPY, same.mode());
    assertEquals(HVC1, videoParameters(same.output()).tag());
    assertEquals(RenderMode.STREAM_COPY, mixed.mode());
    assertEquals(HEV1, videoParameters(mixed.output()).tag());
    DecodedVideo out = DecodedVideo.of(mixed.output());
    DecodedVideo sourceB = DecodedVideo.of(b);
    assertCopied(out, 0, DecodedVideo.of(a), 30, 30);
    assertCopied(out, 30, sourceB, 0, 60);
    // A player that opens the file and seeks straight to b's second GOP (2 s) has only a's sets from
    // the record: that keyframe must carry b's.
    assertEquals(sourceB.frameChecksums().get(30), pictureAfterSeek(mixed.output(), 2_000_000));
  }

  private static long pictureAfterSeek(Path file, long micros) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      grabber.setVideoTimestamp(micros);
      return DecodedVideo.checksum(grabber.grabImage());
    }
  }

  @Test
  void tenBitSources_getTenBitPieces() throws Exception {
    RenderResult result = hevcJob("out.mp4")
        .clip(HevcSourcesTest.HEVC_10_BIT, Duration.ofMillis(500), Duration.ofSeconds(2))
        .clip(HevcSourcesTest.HEVC_10_BIT, Duration.ZERO, Duration.ofSeconds(1))
        .render();

    assertEquals(RenderMode.SMART_CUT, result.mode());
    assertEquals("yuv420p10le", videoParameters(result.output()).pixelFormat());
    assertEquals(HVC1, videoParameters(result.output()).tag());
    DecodedVideo out = DecodedVideo.of(result.output());
    DecodedVideo source = DecodedVideo.of(HevcSourcesTest.HEVC_10_BIT);
    assertEquals(45 + 30, out.frameCount());
    for (int k = 0; k < 15; k++) {
      assertEquals(source.lumaMeans().get(15 + k), out.lumaMeans().get(k), 3.0, "encoded frame " + k);
    }
    assertCopied(out, 15, source, 30, 30);
    assertCopied(out, 45, source, 0, 30);
  }

  @Test
  void matroskaOutput_sameFrames() throws Exception {
    Path a = VideoCodecGplTest.hevc(440, "open-gop=0:log-level=error");
    RenderResult result = hevcJob("out.mkv")
        .clip(a, Duration.ofMillis(700), Duration.ofMillis(2300))
        .clip(a, Duration.ofMillis(100), Duration.ofMillis(1100))
        .render();

    assertEquals(RenderMode.SMART_CUT, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(48 + 30, out.frameCount());
    assertFrames(out, 0, 21, 48);
    assertFrames(out, 48, 3, 30);
    assertCopied(out, 9, DecodedVideo.of(a), 30, 30);
  }

  @Test
  void smartCutOff_reencodesWithX265_andThePlanSaysWhy() throws Exception {
    Path a = VideoCodecGplTest.hevc(440, "open-gop=0:log-level=error");
    MontageBuilder job = hevcJob("out.mp4").smartCut(false).clip(a, Duration.ofMillis(500), Duration.ofMillis(2500));

    assertTrue(job.build().plan().clips().get(0).reason().contains("smart cut is turned off"),
        job.build().plan().describe().toString());
    RenderResult result = job.render();
    assertEquals(RenderMode.REENCODE, result.mode());
    assertEquals(EncoderChoice.X265, result.videoEncoder());
    assertFrames(DecodedVideo.of(result.output()), 0, 15, 60);
  }

  @Test
  void h264Output_ofHevcSources_isNotASplice() throws Exception {
    Path a = VideoCodecGplTest.hevc(440, "open-gop=0:log-level=error");
    RenderResult result = hevcJob("out.mp4").videoCodec(VideoCodec.H264)
        .clip(a, Duration.ofMillis(500), Duration.ofMillis(2500))
        .render();

    assertEquals(RenderMode.REENCODE, result.mode());
    assertFalse(result.videoEncoder().equals(EncoderChoice.X265));
    assertFrames(DecodedVideo.of(result.output()), 0, 15, 60);
  }

  private static void assertFrames(DecodedVideo out, int at, int firstSourceFrame, int count) {
    for (int k = 0; k < count; k++) {
      assertEquals(firstSourceFrame + k, out.frameIndexes().get(at + k), "output frame " + (at + k));
    }
  }

  private static void assertCopied(DecodedVideo out, int at, DecodedVideo source, int sourceFrame, int count) {
    for (int k = 0; k < count; k++) {
      assertEquals(source.frameChecksums().get(sourceFrame + k), out.frameChecksums().get(at + k),
          "output frame " + (at + k) + " is source frame " + (sourceFrame + k));
    }
  }

  private record VideoParameters(int tag, String pixelFormat) {}

  private static VideoParameters videoParameters(Path file) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      AVCodecParameters parameters = grabber.getFormatContext().streams(grabber.getVideoStream()).codecpar();
      return new VideoParameters(parameters.codec_tag(), avutil.av_get_pix_fmt_name(parameters.format()).getString());
    }
  }
}
