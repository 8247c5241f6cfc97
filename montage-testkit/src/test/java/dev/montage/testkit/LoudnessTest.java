package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The testkit's loudness meter on the EBU Tech 3341 reference signals (stereo sines of known level,
 * the gating sequences) and on peaks that fall between samples.
 */
class LoudnessTest {

  /** A stereo sine of {@code hz} whose peak is {@code dbfs}, {@code seconds} long, both channels alike. */
  private static short[] sine(double hz, double dbfs, double seconds, int rate, double phase) {
    int frames = (int) Math.round(seconds * rate);
    double amplitude = Math.pow(10, dbfs / 20) * 32767;
    short[] stereo = new short[frames * 2];
    for (int n = 0; n < frames; n++) {
      short value = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * n / rate + phase));
      stereo[2 * n] = value;
      stereo[2 * n + 1] = value;
    }
    return stereo;
  }

  private static short[] join(short[]... parts) {
    int length = 0;
    for (short[] part : parts) {
      length += part.length;
    }
    short[] all = new short[length];
    int at = 0;
    for (short[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  @Test
  void stereoSineAtMinus23Dbfs_isMinus23Lufs_atEveryCommonRate() {
    // EBU Tech 3341, case 1 (shortened from 20 s: a steady sine reads the same): 1 kHz, -23 dBFS on
    // both channels -> -23.0 LUFS +- 0.1.
    for (int rate : new int[] {48_000, 44_100, 32_000, 96_000}) {
      assertEquals(-23, Loudness.of(sine(1000, -23, 3, rate, 0), 2, rate).integratedLufs(), 0.1, rate + " Hz");
    }
    // Case 2: -33 dBFS -> -33.0 LUFS.
    assertEquals(-33, Loudness.of(sine(1000, -33, 3, 48_000, 0), 2, 48_000).integratedLufs(), 0.1);
  }

  @Test
  void quietStretches_areGatedOut() {
    // EBU Tech 3341, case 3, its 10 / 60 / 10 s scaled to 2 / 12 / 2 s (the same proportions):
    // -36 / -23 / -36 dBFS -> -23.0 LUFS, the quiet stretches under the relative gate.
    short[] gated = join(sine(1000, -36, 2, 48_000, 0), sine(1000, -23, 12, 48_000, 0), sine(1000, -36, 2, 48_000, 0));
    assertEquals(-23, Loudness.of(gated, 2, 48_000).integratedLufs(), 0.1);
    // Silence around a 20 s -23 dBFS stretch is under the absolute gate (the blocks that straddle an
    // edge, partly silent, still count: -0.06 LU here, as in EBU Tech 3341's case 5).
    short[] withSilence = join(new short[48_000 * 2], sine(1000, -23, 20, 48_000, 0), new short[48_000 * 2]);
    assertEquals(-23, Loudness.of(withSilence, 2, 48_000).integratedLufs(), 0.1);
    assertEquals(Double.NEGATIVE_INFINITY, Loudness.of(new short[48_000 * 2], 2, 48_000).integratedLufs());
  }

  @Test
  void blocksUnderTheAbsoluteGate_stayOutWhenTheRelativeGateIsLower() {
    // 10 s at -64 LUFS and 30 s at -72: the relative gate (-74) lies under the absolute one (-70);
    // the -72 stretch fails the absolute gate and must not come back in.
    short[] quiet = join(sine(1000, -64, 10, 48_000, 0), sine(1000, -72, 30, 48_000, 0));
    assertEquals(-64, Loudness.of(quiet, 2, 48_000).integratedLufs(), 0.1);
  }

  @Test
  void truePeak_findsPeaksBetweenSamples() {
    // 12 kHz at 48 kHz, a quarter period off the samples: every sample is at 0.707 of the peak.
    short[] between = sine(12_000, -6, 1, 48_000, Math.PI / 4);
    Loudness measured = Loudness.of(between, 2, 48_000);
    assertEquals(-6, measured.truePeakDbtp(), 0.2, "the peak between samples, not the samples' -9 dB");
    assertEquals(-6, Loudness.of(sine(997, -6, 1, 48_000, 0), 2, 48_000).truePeakDbtp(), 0.1);
  }

  @Test
  void dualMono_isTheSameSignalOnBothChannels() {
    short[] stereo = sine(1000, -23, 5, 48_000, 0);
    short[] mono = new short[stereo.length / 2];
    for (int i = 0; i < mono.length; i++) {
      mono[i] = stereo[2 * i];
    }
    assertEquals(Loudness.of(stereo, 2, 48_000), Loudness.ofDualMono(mono, 48_000));
  }

  @Test
  void partialFrames_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> Loudness.of(new short[3], 2, 48_000));
  }
}
