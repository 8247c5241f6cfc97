package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.MusicBed;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sources' AAC copied into a stream copy's output whatever single configuration they share
 * (mono, 44.1 kHz...), the output taking it; encoded, with the reason reported, otherwise.
 */
@CheckLeaks
class AudioCopyTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  static Path h264(int toneHz, int sampleRate, int channels) {
    return SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)).withCodec("libopenh264")
        .withToneHz(toneHz).withAudioFormat(sampleRate, channels));
  }

  MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false));
  }

  /** Three 1 s clips cut on keyframes: source seconds 1-2 (440 Hz), 0-1 (880 Hz), 2-3 (440 Hz). */
  MontageBuilder threeKeyframeCuts(Path first, Path second) {
    return builder()
        .clip(first, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(second, Duration.ZERO, Duration.ofSeconds(1))
        .clip(first, Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "{0} Hz, {1} channel(s)")
  @CsvSource({"48000, 1", "44100, 2", "44100, 1", "32000, 2"})
  void sharedAacConfiguration_isCopied_andTheOutputTakesIt(int sampleRate, int channels) throws Exception {
    RenderResult result =
        threeKeyframeCuts(h264(440, sampleRate, channels), h264(880, sampleRate, channels)).render();

    assertEquals(RenderMode.STREAM_COPY, result.mode());
    assertTrue(result.audio().copied(), result.audio().describe());
    assertEquals(sampleRate, result.audio().sampleRate());
    assertEquals(channels, result.audio().channels());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(90, out.frameCount());
    assertEquals(sampleRate, out.sampleRate());
    assertEquals(channels, out.audioChannels());
    double halfFrame = 512.0 / sampleRate;
    // One unbroken run of AAC frames as long as the video, give or take half a frame.
    assertEquals(3.0, out.audioSeconds(), halfFrame + 1.0 / sampleRate);
    // Each clip's tone right up to a video frame (33 ms) of its picture's cuts on both sides.
    assertEquals(440, out.toneAt(0.03, 0.94), 15);
    assertEquals(880, out.toneAt(1.03, 0.94), 25);
    assertEquals(440, out.toneAt(2.03, 0.94), 15);
    // Every clip starts on a whole source second, so on its click: within half an AAC frame of its
    // picture. Not the first clip: the output's first AAC frame has no predecessor to overlap with,
    // so the decoder fades it in and the click drowns.
    for (int clip = 1; clip < 3; clip++) {
      double click = out.clickAt(clip - 0.05, 0.1);
      assertEquals(clip, click, halfFrame, "clip " + clip + "'s click at " + click + " s");
    }
  }

  @Test
  void differentAacConfigurations_areEncoded_andTheResultSaysWhy() throws Exception {
    RenderResult result = threeKeyframeCuts(h264(440, 44_100, 2), h264(880, 48_000, 2)).render();

    assertEquals(RenderMode.STREAM_COPY, result.mode());
    RenderResult.Audio audio = result.audio();
    assertFalse(audio.copied());
    assertEquals(48_000, audio.sampleRate());
    assertEquals(2, audio.channels());
    assertTrue(audio.reason().contains("clip 1") && audio.reason().contains("48000 Hz")
        && audio.reason().contains("44100 Hz"), audio.reason());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(48_000, out.sampleRate());
    assertEquals(440, out.toneAt(0.03, 0.94), 15);
    assertEquals(880, out.toneAt(1.03, 0.94), 25);
  }

  @Test
  void musicBed_isMixed_soTheAudioIsEncoded_andThePlanSaysSoBeforehand() throws Exception {
    Path music = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(1)).withToneHz(1500));
    MontageBuilder builder = builder()
        .clip(h264(440, 44_100, 1), Duration.ofSeconds(1), Duration.ofSeconds(2))
        .music(new MusicBed(music, 1.0, Duration.ZERO, Duration.ZERO));

    RenderPlan plan = builder.build().plan();
    RenderResult result = builder.render();

    assertEquals(RenderMode.STREAM_COPY, plan.mode());
    assertFalse(plan.audio().copied());
    assertEquals("a music bed is mixed in", plan.audio().reason());
    assertEquals(plan.audio(), result.audio());
    assertTrue(plan.describe().contains("audio: AAC 48000 Hz stereo, encoded: a music bed is mixed in"),
        plan.describe().toString());
  }

  @Test
  void plan_saysTheAudioWillBeCopied_inTheSourcesFormat() {
    RenderPlan plan = threeKeyframeCuts(h264(440, 44_100, 1), h264(880, 44_100, 1)).build().plan();

    assertEquals(new RenderResult.Audio(true, "AAC", 44_100, 1, "every source has AAC-LC at 44100 Hz, 1 channel and nothing"
        + " is mixed in"), plan.audio());
  }

  @Test
  void reencodedJob_encodesItsAudio_atTheOutputsFormat() throws Exception {
    RenderResult result = builder()
        .clip(h264(440, 44_100, 1), Duration.ofMillis(500), Duration.ofMillis(1500))
        .render();

    assertEquals(RenderMode.REENCODE, result.mode());
    assertFalse(result.audio().copied());
    assertEquals(48_000, result.audio().sampleRate());
    assertEquals(2, result.audio().channels());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(48_000, out.sampleRate());
    assertEquals(440, out.toneAt(0.1, 0.8), 15);
  }
}
