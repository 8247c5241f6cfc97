package dev.montage.testkit.internal;

/**
 * The synthetic sound: a continuous sine at a quarter of full scale, replaced for
 * {@link #CLICK_MILLIS} ms at the start of every whole second by a full-scale 1 kHz square wave (the
 * click). Pure function of the sample number, so any stretch can be rendered on its own.
 */
public final class ToneSynth {

  /** Default sample rate of the synthetic audio. */
  public static final int SAMPLE_RATE = 48_000;
  /** Default channels of the synthetic audio (the same signal on each). */
  public static final int CHANNELS = 2;
  /** Length of the click at each whole second. */
  public static final int CLICK_MILLIS = 10;
  /** Peak of the sine; the click is at full scale, four times louder. */
  public static final int TONE_PEAK = Short.MAX_VALUE / 4;

  private final int sampleRate;
  private final int channels;
  private final int clickSamples;
  private final int clickHalfPeriod;
  private final double radiansPerSample;

  /** A synth for a sine at {@code toneHz} at the default rate and channels. */
  public ToneSynth(int toneHz) {
    this(toneHz, SAMPLE_RATE, CHANNELS);
  }

  /** A synth for a sine at {@code toneHz}, {@code sampleRate} samples a second on {@code channels}. */
  public ToneSynth(int toneHz, int sampleRate, int channels) {
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.clickSamples = sampleRate * CLICK_MILLIS / 1000;
    this.clickHalfPeriod = Math.max(1, sampleRate / 1000 / 2);
    this.radiansPerSample = 2 * Math.PI * toneHz / sampleRate;
  }

  /** Samples per second. */
  public int sampleRate() {
    return sampleRate;
  }

  /** Channels, each carrying the same signal. */
  public int channels() {
    return channels;
  }

  /**
   * Writes samples {@code [from, to)} interleaved into {@code target} from index 0.
   *
   * @return the number of shorts written ({@code (to - from) * channels()})
   */
  public int render(long from, long to, short[] target) {
    int out = 0;
    for (long n = from; n < to; n++) {
      short value = sample(n);
      for (int c = 0; c < channels; c++) {
        target[out++] = value;
      }
    }
    return out;
  }

  /** Sample {@code n} of the signal. */
  public short sample(long n) {
    long inSecond = n % sampleRate;
    if (inSecond < clickSamples) {
      return (inSecond / clickHalfPeriod) % 2 == 0 ? Short.MAX_VALUE : -Short.MAX_VALUE;
    }
    // Phase from n modulo one second keeps the argument small (exact for whole-hertz tones).
    return (short) Math.round(TONE_PEAK * Math.sin(radiansPerSample * inSecond));
  }
}
