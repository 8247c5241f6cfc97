package dev.montage.ffmpeg.internal.audio;

/** The loudness meter for tests in other packages: measures a decoded output's sound. */
public final class Loudness {

  private Loudness() {}

  /** Integrated loudness in LUFS and true peak in dBTP of 48 kHz {@code mono} played on both stereo channels. */
  public static double[] ofDualMono(short[] mono) {
    short[] stereo = new short[mono.length * 2];
    for (int i = 0; i < mono.length; i++) {
      stereo[2 * i] = mono[i];
      stereo[2 * i + 1] = mono[i];
    }
    LoudnessMeter meter = new LoudnessMeter(2);
    meter.add(stereo, mono.length);
    return new double[] {meter.integratedLufs(), meter.truePeakDbtp()};
  }
}
