package dev.montage.ffmpeg.internal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The meter against what ITU-R BS.1770-4 states: a 997 Hz sine at 0 dBFS on one channel measures
 * -3.01 LKFS (so the same sine on both channels of a stereo pair measures 0), loudness follows level
 * decibel for decibel, silence passes no gate, and the true peak finds the peak between samples.
 */
class LoudnessMeterTest {

  static short[] sine(double hz, double amplitude, double seconds, int channels, double phase) {
    int frames = (int) (seconds * LoudnessMeter.RATE);
    short[] samples = new short[frames * channels];
    for (int i = 0; i < frames; i++) {
      short value = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / LoudnessMeter.RATE + phase));
      for (int c = 0; c < channels; c++) {
        samples[i * channels + c] = value;
      }
    }
    return samples;
  }

  static LoudnessMeter measure(short[] samples, int channels) {
    LoudnessMeter meter = new LoudnessMeter(channels);
    int frames = samples.length / channels;
    // In pieces of odd sizes: the meter's state carries across calls.
    for (int at = 0; at < frames; at += 1000) {
      int n = Math.min(1000, frames - at);
      short[] piece = java.util.Arrays.copyOfRange(samples, at * channels, (at + n) * channels);
      meter.add(piece, n);
    }
    return meter;
  }

  @Test
  void blocksUnderTheAbsoluteGate_stayOutWhenTheRelativeGateIsLower() {
    // 10 s at -64 dBFS and 30 s at -72 (stereo 1 kHz: as many LUFS): the relative gate, -74, lies
    // under the absolute one; the quiet stretch fails the absolute gate and stays out.
    short[] loud = sine(1000, Math.pow(10, -64 / 20.0), 10, 2, 0);
    short[] quiet = sine(1000, Math.pow(10, -72 / 20.0), 30, 2, 0);
    short[] both = java.util.Arrays.copyOf(loud, loud.length + quiet.length);
    System.arraycopy(quiet, 0, both, loud.length, quiet.length);
    assertEquals(-64, measure(both, 2).integratedLufs(), 0.1);
  }

  @Test
  void agreesWithTheTestkitsMeter_onMusicLikeSignals() {
    java.util.Random random = new java.util.Random(20261128);
    for (int trial = 0; trial < 4; trial++) {
      // Three tones with random levels and phases, the first second 14 dB quieter (gating), every
      // change of level (the start, the rise, the end) over 100 ms: a step rings between samples
      // (an abrupt end by 0.5 dB here), where the two meters' interpolation filters (the standard's
      // 12 taps a phase, the testkit's 64) rightly differ.
      int frames = LoudnessMeter.RATE * 3;
      int rise = LoudnessMeter.RATE / 10;
      short[] stereo = new short[frames * 2];
      double[] hz = {random.nextInt(60, 200), random.nextInt(400, 3000), random.nextInt(5000, 15000)};
      double[] level = {random.nextDouble(0.05, 0.3), random.nextDouble(0.05, 0.3), random.nextDouble(0.01, 0.2)};
      for (int n = 0; n < frames; n++) {
        double into = Math.min(1, Math.max(0, (n - frames / 3) / (double) rise));
        double edges = Math.min(1, Math.min(n, frames - 1 - n) / (double) rise);
        double quiet = (0.2 + 0.8 * (0.5 - 0.5 * Math.cos(Math.PI * into))) * (0.5 - 0.5 * Math.cos(Math.PI * edges));
        for (int c = 0; c < 2; c++) {
          double value = 0;
          for (int t = 0; t < 3; t++) {
            value += level[t] * Math.sin(2 * Math.PI * hz[t] * n / LoudnessMeter.RATE + c + t);
          }
          stereo[2 * n + c] = (short) Math.round(32767 * quiet * value);
        }
      }
      LoudnessMeter engine = measure(stereo, 2);
      dev.montage.testkit.Loudness testkit = dev.montage.testkit.Loudness.of(stereo, 2, LoudnessMeter.RATE);
      assertEquals(testkit.integratedLufs(), engine.integratedLufs(), 0.05, "loudness, trial " + trial);
      assertEquals(testkit.truePeakDbtp(), engine.truePeakDbtp(), 0.2, "true peak, trial " + trial);
    }
  }

  @Test
  void fullScale997HzSine_measuresAsTheStandardSays() {
    assertEquals(-3.01, measure(sine(997, 1, 5, 1, 0), 1).integratedLufs(), 0.05, "mono: one channel");
    assertEquals(0.0, measure(sine(997, 1, 5, 2, 0), 2).integratedLufs(), 0.05, "stereo: both channels");
  }

  @Test
  void loudnessFollowsLevel() {
    double full = measure(sine(997, 1, 5, 2, 0), 2).integratedLufs();
    assertEquals(full - 20, measure(sine(997, 0.1, 5, 2, 0), 2).integratedLufs(), 0.05);
  }

  @Test
  void silence_isNegativeInfinity() {
    assertEquals(Double.NEGATIVE_INFINITY, measure(new short[2 * 48_000 * 2], 2).integratedLufs());
  }

  @Test
  void truePeak_seesThePeakBetweenSamples() {
    // A quarter-rate sine at 45 degrees: every sample at 0.707 of the peak, the peaks between them.
    short[] samples = sine(12_000, 0.5, 1, 1, Math.PI / 4);
    double samplePeak = 20 * Math.log10(0.5 * Math.sqrt(0.5));
    double truePeak = measure(samples, 1).truePeakDbtp();
    assertTrue(truePeak > samplePeak + 2, "true peak " + truePeak + " over the sample peak " + samplePeak);
    assertEquals(20 * Math.log10(0.5), truePeak, 0.5);
  }
}
