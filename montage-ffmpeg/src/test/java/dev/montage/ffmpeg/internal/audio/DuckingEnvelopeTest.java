package dev.montage.ffmpeg.internal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.ffmpeg.internal.plan.Entrance;
import dev.montage.ffmpeg.internal.plan.Motion;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ducking envelope on a made-up timeline (30 fps, 48 kHz: 1600 samples a frame). */
class DuckingEnvelopeTest {

  static final OutputFormat FORMAT = new OutputFormat(160, 120, 30, 48_000, 2);

  static PlannedClip clip(int index, long startFrame, long frames, boolean audio, double gain) {
    return new PlannedClip(index, "c" + index, 0, startFrame, frames, 0, 160, 120, audio, 30, 10_000_000, gain,
        1, Entrance.CUT, false, Motion.WHOLE, null);
  }

  @Test
  void rampsDownBeforeSound_holdsUnderIt_rampsUpAfter_mutedAndSilentClipsDoNotDuck() {
    // Frames 0-29 muted, 30-59 sound, 60-89 a source without audio, 90-119 sound.
    DuckingEnvelope envelope = DuckingEnvelope.of(List.of(clip(0, 0, 30, true, 0), clip(1, 30, 30, true, 1),
        clip(2, 60, 30, false, 1), clip(3, 90, 30, true, 0.5)), FORMAT, -12, 4800, 9600);
    double floor = Math.pow(10, -12 / 20.0);

    assertEquals(1, envelope.at(0), 1e-9);
    assertEquals(1, envelope.at(48_000 - 4800), 1e-9, "the attack starts 0.1 s before the sound");
    assertEquals((1 + floor) / 2, envelope.at(48_000 - 2400), 1e-9, "half way down");
    assertEquals(floor, envelope.at(48_000), 1e-9);
    assertEquals(floor, envelope.at(96_000 - 1), 1e-9);
    assertEquals((1 + floor) / 2, envelope.at(96_000 + 4800), 1e-9, "half way back up");
    assertEquals(1, envelope.at(96_000 + 9600), 1e-9);
    assertEquals(floor, envelope.at(150_000), 1e-9);
  }

  @Test
  void touchingClipsWithSound_areOneSpan() {
    DuckingEnvelope envelope = DuckingEnvelope.of(List.of(clip(0, 0, 30, true, 1), clip(1, 30, 30, true, 1)), FORMAT,
        -12, 4800, 9600);
    assertEquals(1, envelope.spans().size());
    assertEquals(Math.pow(10, -12 / 20.0), envelope.at(48_000), 1e-9, "no release-and-attack between them");
  }

  @Test
  void zeroDucking_isNone() {
    assertEquals(DuckingEnvelope.NONE, DuckingEnvelope.of(List.of(clip(0, 0, 30, true, 1)), FORMAT, 0, 4800, 9600));
  }
}
