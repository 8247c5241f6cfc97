package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Clip;
import dev.montage.core.InvalidJobException;
import dev.montage.core.MontageBuilder;
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

/** Per-clip gain and mute, measured on the decoded output's tone. */
@CheckLeaks
class ClipGainTest {

  static final Path MPEG4 = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)));
  static final Path H264 = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3))
      .withCodec("libopenh264"));

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false));
  }

  static Clip second(Path source, int second) {
    return Clip.of(source, Duration.ofSeconds(second), Duration.ofSeconds(second + 1));
  }

  @Test
  void gain_scalesTheClipsSound_mute_silencesIt_othersUntouched() throws Exception {
    RenderResult result = builder()
        .clip(second(MPEG4, 0).withGainDb(-12))
        .clip(second(MPEG4, 1))
        .clip(second(MPEG4, 2).mute())
        .render();

    DecodedVideo out = DecodedVideo.of(result.output());
    double quieter = out.rmsAt(0.1, 0.8);
    double asRecorded = out.rmsAt(1.1, 0.8);
    assertEquals(Math.pow(10, -12 / 20.0), quieter / asRecorded, 0.01, "-12 dB is a quarter of the amplitude");
    assertTrue(out.rmsAt(2.1, 0.8) < 30, "muted: " + out.rmsAt(2.1, 0.8));
    assertEquals(90, out.frameCount());
  }

  @Test
  void gainOnACopiedJob_copiesTheVideo_encodesTheSound_andSaysWhy() throws Exception {
    RenderResult result = builder()
        .clip(second(H264, 1))
        .clip(second(H264, 0).withGainDb(6))
        .render();

    assertEquals(RenderMode.STREAM_COPY, result.mode());
    assertFalse(result.audio().copied());
    assertEquals("clip 1 has a gain set: its sound is decoded to change it", result.audio().reason());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(2.0, out.rmsAt(1.1, 0.8) / out.rmsAt(0.1, 0.8), 0.03, "+6 dB doubles the amplitude");
  }

  @Test
  void gainOutOfRange_isRefusedBeforeAnythingRuns() {
    InvalidJobException e = assertThrows(InvalidJobException.class,
        () -> builder().clip(second(MPEG4, 0).withGainDb(20)).build());
    assertTrue(e.getMessage().contains("clip 0") && e.getMessage().contains("gain must be -60.0 to 12.0 dB"),
        e.getMessage());
  }

  @Test
  void musicDucking_dropsTheMusicUnderClipSound_only() throws Exception {
    Path music = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(1)).withToneHz(1500));
    RenderResult result = builder()
        .clip(second(MPEG4, 0))
        .clip(second(MPEG4, 1).mute())
        .clip(second(MPEG4, 2))
        .music(dev.montage.core.MusicBed.of(music).withFades(Duration.ZERO, Duration.ZERO).withDucking(-12))
        .render();

    DecodedVideo out = DecodedVideo.of(result.output());
    // Clear of the ramps (0.15 s before, 0.4 s after the sound) and of the clicks at whole seconds.
    double underSound = out.amplitudeAt(1500, 0.1, 0.8);
    double alone = out.amplitudeAt(1500, 1.45, 0.4);
    assertEquals(Math.pow(10, -12 / 20.0), underSound / alone, 0.02, "ducked by 12 dB under clip 0's sound");
    assertEquals(underSound, out.amplitudeAt(1500, 2.1, 0.8), underSound * 0.05, "ducked again under clip 2");
    assertTrue(out.amplitudeAt(440, 0.1, 0.8) > 3 * underSound, "the clip's own tone stays on top");
  }

  @Test
  void broadcastLoudness_isReachedByTheDecodedOutput() throws Exception {
    double[] measured = renderAt(dev.montage.core.LoudnessTarget.BROADCAST);
    assertEquals(-23, measured[0], 0.5, "integrated loudness of the output");
    assertTrue(measured[1] <= -1, "true peak " + measured[1] + " under the ceiling");
  }

  /**
   * The synthetic sound's clicks are at full scale: lifting it to -14 LUFS would put its true peak
   * over -1 dBTP, so the gain stops under the ceiling (room left for the encoder) and the output
   * stays a little under the target.
   */
  @Test
  void webLoudness_stopsAtTheTruePeakCeiling() throws Exception {
    double[] measured = renderAt(dev.montage.core.LoudnessTarget.WEB);
    assertTrue(measured[1] <= -1 && measured[1] > -2, "true peak " + measured[1] + " held just under the ceiling");
    assertTrue(measured[0] < -14 && measured[0] > -16.5, "loudness " + measured[0] + " under the target");
  }

  /**
   * Opus (a WebM output) gets the same room under the ceiling as AAC: measured decoded, its true
   * peak stays under -1 dBTP too.
   */
  @Test
  void webLoudnessInWebm_opusStaysUnderTheCeilingToo() throws Exception {
    double[] measured = renderAt(dev.montage.core.LoudnessTarget.WEB, dir.resolve("out.webm"));
    assertTrue(measured[1] <= -1 && measured[1] > -2, "true peak " + measured[1] + " held just under the ceiling");
    assertTrue(measured[0] < -14 && measured[0] > -16.5, "loudness " + measured[0] + " under the target");
  }

  private double[] renderAt(dev.montage.core.LoudnessTarget target) throws Exception {
    return renderAt(target, dir.resolve("out.mp4"));
  }

  private double[] renderAt(dev.montage.core.LoudnessTarget target, Path output) throws Exception {
    RenderResult result = builder().output(output)
        .clip(second(MPEG4, 0).withGainDb(-6))
        .clip(second(MPEG4, 1))
        .clip(second(MPEG4, 2))
        .loudness(target)
        .render();
    assertFalse(result.audio().copied());
    // Measured by the testkit's meter, written apart from the renderer's: not the renderer checking itself.
    DecodedVideo out = DecodedVideo.of(result.output());
    dev.montage.testkit.Loudness loudness = dev.montage.testkit.Loudness.ofDualMono(out.leftChannel(), out.sampleRate());
    return new double[] {loudness.integratedLufs(), loudness.truePeakDbtp()};
  }
}
