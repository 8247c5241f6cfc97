package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.policy.Hardware;
import dev.montage.ffmpeg.internal.segment.EncoderChoice;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream-copy fast path: chosen for compatible keyframe cuts, refused otherwise, reported. */
@CheckLeaks
class StreamCopyTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  static Path h264(int toneHz) {
    return SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)).withCodec("libopenh264")
        .withToneHz(toneHz));
  }

  MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false));
  }

  /** Three 1 s clips cut on keyframes: source seconds 1-2 (440 Hz), 0-1 (880 Hz), 2-3 (440 Hz). */
  MontageBuilder threeKeyframeCuts() {
    return builder()
        .clip(h264(440), Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(h264(880), Duration.ZERO, Duration.ofSeconds(1))
        .clip(h264(440), Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  @Test
  void streamCopy_keyframeCutsAreCopied() throws Exception {
    RenderResult result = threeKeyframeCuts().render();
    assertEquals(RenderMode.STREAM_COPY, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals("h264", out.videoCodec());
    assertEquals(90, out.frameCount());
    assertEquals(3.0, out.audioSeconds(), 1.0 / 30);
    for (int k = 0; k < 30; k++) {
      assertEquals(30 + k, out.frameIndexes().get(k), "frame " + k);
      assertEquals(k, out.frameIndexes().get(30 + k), "frame " + (30 + k));
      assertEquals(60 + k, out.frameIndexes().get(60 + k), "frame " + (60 + k));
    }
    assertEquals(440, out.toneAt(0.2, 0.6), 15);
    assertEquals(880, out.toneAt(1.2, 0.6), 25);
  }

  @Test
  void streamCopy_copiesAudioPackets_eachClipWithinHalfAnAacFrameOfItsPicture() throws Exception {
    RenderResult result = threeKeyframeCuts().render();
    assertEquals(RenderMode.STREAM_COPY, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    // One unbroken run of AAC frames as long as the video, give or take half a frame (10.7 ms).
    assertEquals(3.0, out.audioSeconds(), 0.0107 + 1.0 / 48_000);
    // Each clip's tone right up to a frame's length (33 ms) of its picture's cuts on both sides.
    assertEquals(440, out.toneAt(0.03, 0.94), 15);
    assertEquals(880, out.toneAt(1.03, 0.94), 25);
    assertEquals(440, out.toneAt(2.03, 0.94), 15);
  }

  @Test
  void streamCopy_withMusic_mixesItInto_encodedAudio() throws Exception {
    Path music = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(1)).withToneHz(1500));
    RenderResult result = builder()
        .clip(h264(440), Duration.ofSeconds(1), Duration.ofSeconds(3))
        .music(new dev.montage.core.MusicBed(music, 1.0, Duration.ZERO, Duration.ZERO))
        .render();
    assertEquals(RenderMode.STREAM_COPY, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(2.0, out.audioSeconds(), 1.0 / 30);
    double both = out.rmsAt(0.5, 1.0);
    assertTrue(both > 1.3 * DecodedVideo.of(h264(440)).rmsAt(1.5, 1.0), "music mixed over the clip's sound");
  }

  @Test
  void streamCopy_cutOffKeyframeIsReencoded() throws Exception {
    RenderResult result = builder()
        .clip(h264(440), Duration.ofMillis(500), Duration.ofMillis(1500))
        .render();
    assertEquals(RenderMode.REENCODE, result.mode());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(30, out.frameCount());
    assertEquals(15, out.frameIndexes().get(0));
  }

  @Test
  void lgplBuild_hasNoSmartCut_soOffKeyframeCutsAreReencodedWithOpenH264() throws Exception {
    // This execution runs on the LGPL build, the library's default (see the module's pom).
    assertEquals(EncoderChoice.OPENH264, EncoderChoice.h264());
    RenderResult result = builder()
        .clip(h264(440), Duration.ofMillis(500), Duration.ofMillis(2900))
        .render();
    assertEquals(RenderMode.REENCODE, result.mode());
    assertEquals(EncoderChoice.OPENH264, result.videoEncoder());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(72, out.frameCount());
    assertEquals(15, out.frameIndexes().get(0));
  }

  @Test
  void streamCopy_canBeSwitchedOff() throws Exception {
    RenderResult result = builder().streamCopy(false)
        .clip(h264(440), Duration.ofSeconds(1), Duration.ofSeconds(2))
        .render();
    assertEquals(RenderMode.REENCODE, result.mode());
    assertEquals(30, DecodedVideo.of(result.output()).frameCount());
  }

  @Test
  void streamCopy_otherSizeIsReencoded() throws Exception {
    RenderResult result = builder().size(320, 240)
        .clip(h264(440), Duration.ofSeconds(1), Duration.ofSeconds(2))
        .render();
    assertEquals(RenderMode.REENCODE, result.mode());
  }
}
