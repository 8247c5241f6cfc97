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
    assertThrows(IllegalArgumentException.class, () -> new Loudness.Meter(2, 48_000).add(new short[4], 0, 3));
  }

  /**
   * A meter fed piece by piece (as a decoder delivers) measures what the whole signal measures, in
   * pieces of any length, and takes nothing after its result.
   */
  @Test
  void meter_fedInPieces_measuresTheWholeSignal() {
    short[] signal = join(sine(1000, -36, 2, 44_100, 0), sine(3000, -20, 3, 44_100, 1), new short[44_100]);
    Loudness.Meter meter = new Loudness.Meter(2, 44_100);
    java.util.Random pieces = new java.util.Random(7);
    for (int at = 0; at < signal.length;) {
      int length = Math.min(signal.length - at, 2 * (1 + pieces.nextInt(3000)));
      meter.add(signal, at, length);
      at += length;
    }
    assertEquals(Loudness.of(signal, 2, 44_100), meter.result());
    assertThrows(IllegalStateException.class, () -> meter.add(new short[2]));
  }

  /**
   * Blocks start every 100 ms of the clock, not every rounded 100 ms of samples: at 11,025 Hz a
   * 100 ms hop is 1102.5 samples, and rounding it drifted the blocks 27 ms off by the 60th second.
   * A 400 ms tone starting at 60.0 s then fills one block exactly and 6 blocks partly (3/4, 1/2, 1/4
   * on each side), so it measures 10 log10(4/7) = -2.43 dB under the steady tone (the drifted grid
   * read -3.01).
   */
  @Test
  void blocks_keepTo100msOfTheClock_whereThatIsNotWholeSamples() {
    int rate = 11_025;
    double steady = Loudness.of(sine(1000, -23, 10, rate, 0), 2, rate).integratedLufs();
    short[] late = join(new short[60 * rate * 2], sine(1000, -23, 0.4, rate, 0), new short[rate * 2]);
    assertEquals(steady + 10 * Math.log10(4 / 7.0), Loudness.of(late, 2, rate).integratedLufs(), 0.01);
  }
}
