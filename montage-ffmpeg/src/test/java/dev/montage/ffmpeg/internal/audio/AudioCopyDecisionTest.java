package dev.montage.ffmpeg.internal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MusicBed;
import dev.montage.ffmpeg.internal.plan.Entrance;
import dev.montage.ffmpeg.internal.plan.Motion;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.probe.AudioStreamFacts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether the sources' AAC is copied, decided from made-up audio streams: no media, nothing read. */
class AudioCopyDecisionTest {

  static final OutputFormat FORMAT = new OutputFormat(160, 120, 30, 48_000, 2);
  /** AudioSpecificConfig of AAC-LC, 48 kHz, stereo. */
  static final byte[] LC_48K_STEREO = {0x11, (byte) 0x90};
  /** AudioSpecificConfig of AAC-LC, 44.1 kHz, stereo. */
  static final byte[] LC_44K_STEREO = {0x12, 0x10};

  /** A clip of one second from {@code inSeconds} into {@code source}, at output frame {@code startFrame}. */
  static PlannedClip clip(int index, String source, long inSeconds, long startFrame, double gain) {
    return new PlannedClip(index, source, inSeconds * 1_000_000, startFrame, 30, 0, 160, 120, true, 30, 10_000_000,
        gain, 1, Entrance.CUT, false, Motion.WHOLE, null);
  }

  static AudioStreamFacts aac(String source, byte[] config, int rate, long endSeconds) {
    return new AudioStreamFacts(source, "aac", config, rate, 2, 1024, endSeconds * 1_000_000);
  }

  @Test
  void copiesWhereEverySourceHasOneAacConfigurationCoveringItsClips() {
    AudioCopy.Decision decision = AudioCopy.decide(Map.of("a", aac("a", LC_48K_STEREO, 48_000, 10),
        "b", aac("b", LC_48K_STEREO, 48_000, 10)), List.of(clip(0, "a", 0, 0, 1), clip(1, "b", 3, 30, 1),
        clip(2, "a", 5, 60, 1)), FORMAT, null);
    AudioCopy.Plan plan = decision.plan();
    assertNotNull(plan, decision.reason());
    assertEquals(48_000, plan.sampleRate());
    assertEquals(2, plan.channels());
    assertEquals(Path.of("a"), plan.streamTemplate());
  }

  @Test
  void refusesAndSaysWhy() {
    AudioStreamFacts a = aac("a", LC_48K_STEREO, 48_000, 10);
    assertRefused("clip 1 has a gain set", Map.of("a", a), List.of(clip(0, "a", 0, 0, 1), clip(1, "a", 2, 30, 0.5)));
    assertRefused("clip 0 is muted", Map.of("a", a), List.of(clip(0, "a", 0, 0, 0)));
    assertRefused("b (clip 1) has no audio stream", Map.of("a", a), List.of(clip(0, "a", 0, 0, 1), clip(1, "b", 0, 30, 1)));
    assertRefused("has AAC at 44100 Hz", Map.of("a", a, "b", aac("b", LC_44K_STEREO, 44_100, 10)),
        List.of(clip(0, "a", 0, 0, 1), clip(1, "b", 0, 30, 1)));
    assertRefused("audio is not AAC", Map.of("a", new AudioStreamFacts("a", "opus", new byte[0], 48_000, 2, 960,
        10_000_000)), List.of(clip(0, "a", 0, 0, 1)));
    assertRefused("audio ends before clip 1 does", Map.of("a", aac("a", LC_48K_STEREO, 48_000, 4)),
        List.of(clip(0, "a", 0, 0, 1), clip(1, "a", 4, 30, 1)));
    assertRefused("audio ends before the clip does", Map.of("a", new AudioStreamFacts("a", "aac", LC_48K_STEREO,
        48_000, 2, 1024, -1)), List.of(clip(0, "a", 0, 0, 1)));
    // Implicit HE-AAC: the decoder reports twice the configuration's rate.
    assertRefused("decodes to 96000 Hz", Map.of("a", aac("a", LC_48K_STEREO, 96_000, 10)), List.of(clip(0, "a", 0, 0, 1)));
  }

  @Test
  void aMusicBedIsMixed_soNothingIsCopied() {
    AudioCopy.Decision decision = AudioCopy.decide(Map.of(), List.of(clip(0, "a", 0, 0, 1)), FORMAT,
        MusicBed.of(Path.of("music.m4a")));
    assertNull(decision.plan());
    assertEquals("a music bed is mixed in", decision.reason());
  }

  private static void assertRefused(String why, Map<String, AudioStreamFacts> streams, List<PlannedClip> clips) {
    AudioCopy.Decision decision = AudioCopy.decide(streams, clips, FORMAT, null);
    assertNull(decision.plan(), "copied although " + why);
    assertTrue(decision.reason().contains(why), decision.reason() + " should say: " + why);
  }
}
