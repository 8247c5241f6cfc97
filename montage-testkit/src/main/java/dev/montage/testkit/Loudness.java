package dev.montage.testkit;

/**
 * The loudness of decoded audio as ITU-R BS.1770-4 (and EBU R128, which uses it) measures it, to
 * check a render's loudness normalisation: integrated loudness, K-weighted and gated, and true peak,
 * at any sample rate. Written apart from the renderer's own meter (its K-weighting is derived from
 * the standard's analog filters for the rate at hand, not taken from the 48 kHz table; its true peak
 * interpolates with a longer filter), so that a test does not check the renderer against itself.
 *
 * <p>Every channel counts with weight 1 (mono, stereo; the standard's 1.41 for surround channels
 * is not applied). Blocks are 400 ms, every 100 ms; the absolute gate is -70 LUFS, the relative one
 * 10 LU under the mean of the blocks above it. True peak: each channel oversampled four times by a
 * 64-tap Blackman-windowed sinc per phase, the largest magnitude, sample values included.
 *
 * @param integratedLufs integrated loudness in LUFS; negative infinity when no block passes the gates
 * @param truePeakDbtp true peak in dBTP (dB relative to full scale)
 */
public record Loudness(double integratedLufs, double truePeakDbtp) {

  /** The high shelf of the K-weighting: centre frequency (Hz), gain (dB) and quality, as the standard's analog prototype. */
  private static final double SHELF_HZ = 1681.974450955533;
  private static final double SHELF_DB = 3.999843853973347;
  private static final double SHELF_Q = 0.7071752369554196;
  /** The RLB high-pass of the K-weighting. */
  private static final double HIGHPASS_HZ = 38.13547087602444;
  private static final double HIGHPASS_Q = 0.5003270373238773;
  private static final int OVERSAMPLING = 4;
  private static final int HALF_TAPS = 32;
  private static final double[][] PHASES = phases();

  /**
   * Measures interleaved 16-bit {@code samples} of {@code channels} channels at {@code sampleRate}.
   *
   * @throws IllegalArgumentException when channels or rate are not positive, or the samples do not
   *     fill whole frames
   */
  public static Loudness of(short[] samples, int channels, int sampleRate) {
    if (channels < 1 || sampleRate < 1 || samples.length % channels != 0) {
      throw new IllegalArgumentException("need whole frames of at least one channel at a positive rate: "
          + samples.length + " samples, " + channels + " channels, " + sampleRate + " Hz");
    }
    int frames = samples.length / channels;
    double[] energy = new double[frames + 1]; // energy[n]: the K-weighted squares of frames [0, n), all channels
    double peak = 0;
    for (int c = 0; c < channels; c++) {
      double[] x = new double[frames];
      for (int n = 0; n < frames; n++) {
        x[n] = samples[n * channels + c] / 32768.0;
      }
      double[] weighted = kWeighted(x, sampleRate);
      double sum = 0;
      for (int n = 0; n < frames; n++) {
        sum += weighted[n] * weighted[n];
        energy[n + 1] += sum;
      }
      peak = Math.max(peak, truePeak(x));
    }
    return new Loudness(integrated(energy, sampleRate), 20 * Math.log10(Math.max(peak, 1e-12)));
  }

  /** Measures {@code mono} as if it played on both channels of a stereo pair (as a stereo output's left channel often stands for it). */
  public static Loudness ofDualMono(short[] mono, int sampleRate) {
    short[] stereo = new short[mono.length * 2];
    for (int i = 0; i < mono.length; i++) {
      stereo[2 * i] = mono[i];
      stereo[2 * i + 1] = mono[i];
    }
    return of(stereo, 2, sampleRate);
  }

  /** {@code x} through the K-weighting's two stages, their coefficients made for {@code rate} by the bilinear transform. */
  private static double[] kWeighted(double[] x, int rate) {
    double k = Math.tan(Math.PI * SHELF_HZ / rate);
    double vh = Math.pow(10, SHELF_DB / 20);
    double vb = Math.pow(vh, 0.4996667741545416);
    double a0 = 1 + k / SHELF_Q + k * k;
    double[] shelfB = {(vh + vb * k / SHELF_Q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / SHELF_Q + k * k) / a0};
    double[] shelfA = {2 * (k * k - 1) / a0, (1 - k / SHELF_Q + k * k) / a0};
    double kh = Math.tan(Math.PI * HIGHPASS_HZ / rate);
    double h0 = 1 + kh / HIGHPASS_Q + kh * kh;
    double[] passB = {1, -2, 1};
    double[] passA = {2 * (kh * kh - 1) / h0, (1 - kh / HIGHPASS_Q + kh * kh) / h0};
    return biquad(biquad(x, shelfB, shelfA), passB, passA);
  }

  /** Direct form I over the whole signal, starting at rest. */
  private static double[] biquad(double[] x, double[] b, double[] a) {
    double[] y = new double[x.length];
    for (int n = 0; n < x.length; n++) {
      double x1 = n > 0 ? x[n - 1] : 0;
      double x2 = n > 1 ? x[n - 2] : 0;
      double y1 = n > 0 ? y[n - 1] : 0;
      double y2 = n > 1 ? y[n - 2] : 0;
      y[n] = b[0] * x[n] + b[1] * x1 + b[2] * x2 - a[0] * y1 - a[1] * y2;
    }
    return y;
  }

  /** Gated loudness over 400 ms blocks every 100 ms of the cumulative {@code energy}. */
  private static double integrated(double[] energy, int rate) {
    int length = (int) Math.round(0.4 * rate);
    int hop = (int) Math.round(0.1 * rate);
    int frames = energy.length - 1;
    java.util.List<Double> blocks = new java.util.ArrayList<>();
    for (int start = 0; start + length <= frames; start += hop) {
      blocks.add((energy[start + length] - energy[start]) / length);
    }
    double aboveAbsolute = gatedMean(blocks, -70);
    if (Double.isNaN(aboveAbsolute)) {
      return Double.NEGATIVE_INFINITY;
    }
    // Only blocks above both gates count: the relative gate can lie under the absolute one.
    double aboveRelative = gatedMean(blocks, Math.max(-70, loudness(aboveAbsolute) - 10));
    return Double.isNaN(aboveRelative) ? Double.NEGATIVE_INFINITY : loudness(aboveRelative);
  }

  /** The mean of the blocks louder than {@code gate} LUFS; NaN when none is. */
  private static double gatedMean(java.util.List<Double> blocks, double gate) {
    return blocks.stream().filter(block -> loudness(block) > gate).mapToDouble(Double::doubleValue).average()
        .orElse(Double.NaN);
  }

  private static double loudness(double meanSquare) {
    return -0.691 + 10 * Math.log10(meanSquare);
  }

  /** The largest magnitude of {@code x} and of its values between samples, four to a sample period. */
  private static double truePeak(double[] x) {
    // Silence before and after, so that every point sees a full filter's worth of samples.
    double[] padded = new double[x.length + 2 * HALF_TAPS];
    System.arraycopy(x, 0, padded, HALF_TAPS, x.length);
    double peak = 0;
    for (int n = 0; n < x.length; n++) {
      peak = Math.max(peak, Math.abs(x[n]));
      int first = n + 1; // padded index of sample n - HALF_TAPS + 1
      for (double[] phase : PHASES) {
        double value = 0;
        for (int k = 0; k < phase.length; k++) {
          value += phase[k] * padded[first + k];
        }
        peak = Math.max(peak, Math.abs(value));
      }
    }
    return peak;
  }

  /**
   * The interpolation filters for the points 1/4, 2/4 and 3/4 of a sample period after a sample:
   * tap {@code k} weighs sample {@code n - HALF_TAPS + 1 + k}, a sinc windowed by Blackman over
   * {@code 2 * HALF_TAPS} samples.
   */
  private static double[][] phases() {
    double[][] phases = new double[OVERSAMPLING - 1][2 * HALF_TAPS];
    for (int p = 1; p < OVERSAMPLING; p++) {
      double offset = p / (double) OVERSAMPLING;
      for (int k = 0; k < 2 * HALF_TAPS; k++) {
        double t = (k - HALF_TAPS + 1) - offset; // distance of the sample from the point, in samples
        double sinc = Math.sin(Math.PI * t) / (Math.PI * t);
        double u = t / HALF_TAPS; // -1 .. 1 across the window
        double window = 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
        phases[p - 1][k] = sinc * window;
      }
    }
    return phases;
  }
}
