package dev.montage.ffmpeg.internal.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Integrated loudness (ITU-R BS.1770-4, the measure of EBU R128) and true peak of 48 kHz audio, fed
 * interleaved 16-bit samples in order: K-weighting (a high shelf and the RLB high-pass, the
 * standard's 48 kHz coefficients), mean squares over 400 ms blocks every 100 ms, an absolute gate at
 * -70 LUFS and a relative one 10 LU under the gated mean. Every channel counts with weight 1 (left,
 * right or mono). True peak: each channel upsampled four times by a 48-tap windowed-sinc filter,
 * the largest magnitude.
 */
final class LoudnessMeter {

  /** The rate the coefficients are for. */
  static final int RATE = 48_000;
  private static final int STEP = RATE / 10;
  private static final double[] SHELF_B = {1.53512485958697, -2.69169618940638, 1.19839281085285};
  private static final double[] SHELF_A = {-1.69065929318241, 0.73248077421585};
  private static final double[] HIGHPASS_B = {1.0, -2.0, 1.0};
  private static final double[] HIGHPASS_A = {-1.99004745483398, 0.99007225036621};
  private static final int OVERSAMPLING = 4;
  private static final int TAPS_PER_PHASE = 12;
  private static final double[][] PHASES = interpolationFilter();
  /** The most any phase can amplify: {@code max over phases of sum |tap|}. */
  private static final double GAIN_BOUND = gainBound();

  private final int channels;
  /** Per channel: shelf state (x1, x2, y1, y2), high-pass state (y1, y2; its input is the shelf's output). */
  private final double[][] state;
  /** Per channel: the last {@link #TAPS_PER_PHASE} input samples, for the true-peak interpolation. */
  private final double[][] history;
  private int historyAt;
  private final List<Double> steps = new ArrayList<>();
  private double stepSum;
  private int stepFill;
  private double peak;

  LoudnessMeter(int channels) {
    this.channels = channels;
    this.state = new double[channels][6];
    this.history = new double[channels][TAPS_PER_PHASE];
  }

  /** Takes {@code frames} interleaved sample frames from {@code samples}. */
  void add(short[] samples, int frames) {
    for (int f = 0; f < frames; f++) {
      double power = 0;
      for (int c = 0; c < channels; c++) {
        double x = samples[f * channels + c] / 32768.0;
        double weighted = kWeight(state[c], x);
        power += weighted * weighted;
        history[c][historyAt] = x;
        peak = Math.max(peak, Math.abs(x));
      }
      historyAt = (historyAt + 1) % TAPS_PER_PHASE;
      for (int c = 0; c < channels; c++) {
        peak = Math.max(peak, interpolatedPeak(history[c]));
      }
      stepSum += power;
      if (++stepFill == STEP) {
        steps.add(stepSum);
        stepSum = 0;
        stepFill = 0;
      }
    }
  }

  /**
   * One sample through both K-weighting stages; {@code s} holds the shelf's last inputs (0, 1) and
   * outputs (2, 3), which are also the high-pass's last inputs, and the high-pass's last outputs (4, 5).
   */
  private static double kWeight(double[] s, double x) {
    double shelf = SHELF_B[0] * x + SHELF_B[1] * s[0] + SHELF_B[2] * s[1] - SHELF_A[0] * s[2] - SHELF_A[1] * s[3];
    double out = HIGHPASS_B[0] * shelf + HIGHPASS_B[1] * s[2] + HIGHPASS_B[2] * s[3]
        - HIGHPASS_A[0] * s[4] - HIGHPASS_A[1] * s[5];
    s[1] = s[0];
    s[0] = x;
    s[3] = s[2];
    s[2] = shelf;
    s[5] = s[4];
    s[4] = out;
    return out;
  }

  /**
   * The largest interpolated magnitude of the window in {@code ring}; skipped (0) where even the
   * filter's largest gain on the window's largest sample stays under the peak found so far, which
   * leaves the filter to the loud passages only.
   */
  private double interpolatedPeak(double[] ring) {
    double loudest = 0;
    for (double x : ring) {
      loudest = Math.max(loudest, Math.abs(x));
    }
    if (loudest * GAIN_BOUND <= peak) {
      return 0;
    }
    double most = 0;
    for (double[] phase : PHASES) {
      double sum = 0;
      for (int k = 0; k < TAPS_PER_PHASE; k++) {
        sum += phase[k] * ring[(historyAt + k) % TAPS_PER_PHASE];
      }
      most = Math.max(most, Math.abs(sum));
    }
    return most;
  }

  /** The integrated loudness in LUFS; negative infinity for silence (nothing passes the gates). */
  double integratedLufs() {
    List<Double> blocks = new ArrayList<>();
    for (int i = 0; i + 3 < steps.size(); i++) {
      blocks.add((steps.get(i) + steps.get(i + 1) + steps.get(i + 2) + steps.get(i + 3)) / (4.0 * STEP));
    }
    double absolute = meanAbove(blocks, -70);
    if (Double.isNaN(absolute)) {
      return Double.NEGATIVE_INFINITY;
    }
    // Only blocks above both gates count: the relative gate can lie under the absolute one.
    double gated = meanAbove(blocks, Math.max(-70, lufs(absolute) - 10));
    return Double.isNaN(gated) ? Double.NEGATIVE_INFINITY : lufs(gated);
  }

  /** The true peak in dBTP. */
  double truePeakDbtp() {
    return 20 * Math.log10(Math.max(peak, 1e-12));
  }

  private static double meanAbove(List<Double> blocks, double gate) {
    double sum = 0;
    int count = 0;
    for (double block : blocks) {
      if (lufs(block) > gate) {
        sum += block;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private static double lufs(double meanSquare) {
    return -0.691 + 10 * Math.log10(meanSquare);
  }

  private static double gainBound() {
    double bound = 0;
    for (double[] phase : PHASES) {
      double sum = 0;
      for (double tap : phase) {
        sum += Math.abs(tap);
      }
      bound = Math.max(bound, sum);
    }
    return bound;
  }

  /** Four phases of a 48-tap Hann-windowed sinc low-pass at the original Nyquist frequency. */
  private static double[][] interpolationFilter() {
    int taps = OVERSAMPLING * TAPS_PER_PHASE;
    double[][] phases = new double[OVERSAMPLING][TAPS_PER_PHASE];
    double centre = (taps - 1) / 2.0;
    for (int n = 0; n < taps; n++) {
      double t = (n - centre) / OVERSAMPLING;
      double sinc = t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      double window = 0.5 - 0.5 * Math.cos(2 * Math.PI * (n + 0.5) / taps);
      phases[n % OVERSAMPLING][n / OVERSAMPLING] = sinc * window;
    }
    return phases;
  }
}
