package dev.montage.testkit;

/**
 * The loudness of decoded audio as ITU-R BS.1770-4 (and EBU R128, which uses it) measures it, to
 * check a render's loudness normalisation: integrated loudness, K-weighted and gated, and true peak,
 * at any sample rate. Written apart from the renderer's own meter (its K-weighting is derived from
 * the standard's analog filters for the rate at hand, not taken from the 48 kHz table; its true peak
 * interpolates with a longer filter), so that a test does not check the renderer against itself.
 *
 * <p>Every channel counts with weight 1 (mono, stereo; the standard's 1.41 for surround channels
 * is not applied). Blocks are 400 ms, starting every 100 ms of the clock (block {@code j} at sample
 * {@code round(j * rate / 10)}, so that rates like 11,025 Hz do not drift); the absolute gate is -70 LUFS, the relative one
 * 10 LU under the mean of the blocks above it. True peak: each channel oversampled four times by a
 * 64-tap Blackman-windowed sinc per phase, the largest magnitude, sample values included.
 *
 * <p>{@link Meter} measures audio as it arrives, in memory that does not grow with its length;
 * {@link #of} measures a whole signal through one.
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
    return new Meter(channels, sampleRate).add(samples).result();
  }

  /** Measures {@code mono} as if it played on both channels of a stereo pair (as a stereo output's left channel often stands for it). */
  public static Loudness ofDualMono(short[] mono, int sampleRate) {
    Meter meter = new Meter(2, sampleRate);
    short[] stereo = new short[2 * 4096];
    for (int from = 0; from < mono.length; from += 4096) {
      int frames = Math.min(4096, mono.length - from);
      for (int i = 0; i < frames; i++) {
        stereo[2 * i] = mono[from + i];
        stereo[2 * i + 1] = mono[from + i];
      }
      meter.add(stereo, 0, 2 * frames);
    }
    return meter.result();
  }

  /**
   * Measures audio as it arrives, in memory that does not grow with its length (a few numbers per
   * 100 ms block): for renders too long to hold decoded, or decoded piece by piece.
   *
   * <pre>{@code
   * Loudness.Meter meter = new Loudness.Meter(2, 48_000);
   * while (decoder.read(buffer) > 0) meter.add(buffer, 0, length);
   * Loudness loudness = meter.result();
   * }</pre>
   */
  public static final class Meter {

    private final int channels;
    private final int rate;
    private final int blockLength;
    private final Biquad[] shelves;
    private final Biquad[] passes;
    private final PeakWindow[] peaks;
    /** K-weighted squares of every frame so far, all channels. */
    private double energy;
    private long frames;
    /** Index of the next block to start, and the frame it starts at. */
    private long nextBlock;
    private long nextStart;
    /** Started blocks not yet complete: their first frame and the energy before it. */
    private final java.util.ArrayDeque<double[]> open = new java.util.ArrayDeque<>();
    /** Mean squares of the complete blocks. */
    private final java.util.List<Double> blocks = new java.util.ArrayList<>();
    private boolean done;

    /**
     * A meter for {@code channels} interleaved channels at {@code sampleRate}.
     *
     * @throws IllegalArgumentException when channels or rate are not positive
     */
    public Meter(int channels, int sampleRate) {
      if (channels < 1 || sampleRate < 1) {
        throw new IllegalArgumentException("need at least one channel at a positive rate: " + channels + " channels, "
            + sampleRate + " Hz");
      }
      this.channels = channels;
      this.rate = sampleRate;
      this.blockLength = (int) Math.round(0.4 * sampleRate);
      this.shelves = new Biquad[channels];
      this.passes = new Biquad[channels];
      this.peaks = new PeakWindow[channels];
      for (int c = 0; c < channels; c++) {
        shelves[c] = Biquad.shelf(sampleRate);
        passes[c] = Biquad.highPass(sampleRate);
        peaks[c] = new PeakWindow();
      }
      startBlocks();
    }

    /** Adds {@code samples}, interleaved, whole frames. */
    public Meter add(short[] samples) {
      return add(samples, 0, samples.length);
    }

    /**
     * Adds {@code length} interleaved samples of {@code samples} from {@code offset}, whole frames.
     *
     * @throws IllegalArgumentException when the samples do not fill whole frames
     * @throws IllegalStateException after {@link #result()}
     */
    public Meter add(short[] samples, int offset, int length) {
      if (length % channels != 0) {
        throw new IllegalArgumentException(length + " samples do not fill whole frames of " + channels + " channels");
      }
      if (done) {
        throw new IllegalStateException("the meter has given its result; start a new one");
      }
      for (int i = offset; i < offset + length; i += channels) {
        double squares = 0;
        for (int c = 0; c < channels; c++) {
          double x = samples[i + c] / 32768.0;
          double weighted = passes[c].next(shelves[c].next(x));
          squares += weighted * weighted;
          peaks[c].add(x);
        }
        energy += squares;
        frames++;
        endBlocks();
        startBlocks();
      }
      return this;
    }

    /** The loudness of everything added; the meter takes no more after it. */
    public Loudness result() {
      if (!done) {
        done = true;
        for (PeakWindow peak : peaks) {
          peak.flush();
        }
      }
      double peak = 0;
      for (PeakWindow window : peaks) {
        peak = Math.max(peak, window.peak);
      }
      return new Loudness(integrated(blocks), 20 * Math.log10(Math.max(peak, 1e-12)));
    }

    /**
     * Opens the blocks that start at the current frame: block {@code j} starts at frame
     * {@code round(j * 0.1 s)}, so that the hop does not drift where 100 ms is not whole samples.
     */
    private void startBlocks() {
      while (nextStart == frames) {
        open.add(new double[] {nextStart, energy});
        nextBlock++;
        nextStart = Math.round(nextBlock * rate / 10.0);
      }
    }

    private void endBlocks() {
      while (!open.isEmpty() && (long) open.peek()[0] + blockLength == frames) {
        blocks.add((energy - open.poll()[1]) / blockLength);
      }
    }
  }

  /** One second-order section, direct form I, starting at rest. */
  private static final class Biquad {
    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;
    private double x1;
    private double x2;
    private double y1;
    private double y2;

    private Biquad(double b0, double b1, double b2, double a1, double a2) {
      this.b0 = b0;
      this.b1 = b1;
      this.b2 = b2;
      this.a1 = a1;
      this.a2 = a2;
    }

    /** The K-weighting's high shelf for {@code rate}, by the bilinear transform of the analog prototype. */
    static Biquad shelf(int rate) {
      double k = Math.tan(Math.PI * SHELF_HZ / rate);
      double vh = Math.pow(10, SHELF_DB / 20);
      double vb = Math.pow(vh, 0.4996667741545416);
      double a0 = 1 + k / SHELF_Q + k * k;
      return new Biquad((vh + vb * k / SHELF_Q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / SHELF_Q + k * k) / a0,
          2 * (k * k - 1) / a0, (1 - k / SHELF_Q + k * k) / a0);
    }

    /** The K-weighting's RLB high-pass for {@code rate}. */
    static Biquad highPass(int rate) {
      double k = Math.tan(Math.PI * HIGHPASS_HZ / rate);
      double a0 = 1 + k / HIGHPASS_Q + k * k;
      return new Biquad(1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / HIGHPASS_Q + k * k) / a0);
    }

    double next(double x) {
      double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      return y;
    }
  }

  /**
   * One channel's true peak: a window of the last {@code 2 * HALF_TAPS} samples (silence before the
   * first); the points after sample {@code n} are computed once sample {@code n + HALF_TAPS} is in
   * (at the end, once the silence after the last is).
   */
  private static final class PeakWindow {
    private static final int SIZE = 2 * HALF_TAPS;
    /** Each sample twice, at {@code i} and {@code i + SIZE}, so that the window is one run of the array. */
    private final double[] ring = new double[2 * SIZE];
    private int next;
    /** Samples pushed, counting the {@code HALF_TAPS - 1} of silence the first point's window starts with. */
    private long pushed = HALF_TAPS - 1;
    /** Samples of the signal added. */
    private long real;
    double peak;

    void add(double x) {
      peak = Math.max(peak, Math.abs(x));
      real++;
      push(x);
    }

    /** Pushes the silence after the last sample, until the last sample's points are computed. */
    void flush() {
      while (pushed < real + SIZE - 1) {
        push(0);
      }
    }

    private void push(double x) {
      ring[next] = x;
      ring[next + SIZE] = x;
      next = (next + 1) % SIZE;
      pushed++;
      // The window holds signal samples [n - HALF_TAPS + 1, n + HALF_TAPS] for n = pushed - SIZE.
      long n = pushed - SIZE;
      if (n >= 0 && n < real) {
        for (double[] phase : PHASES) {
          double value = 0;
          for (int k = 0; k < SIZE; k++) {
            value += phase[k] * ring[next + k];
          }
          peak = Math.max(peak, Math.abs(value));
        }
      }
    }
  }

  /** Gated loudness of the 400 ms blocks' mean squares. */
  private static double integrated(java.util.List<Double> blocks) {
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
