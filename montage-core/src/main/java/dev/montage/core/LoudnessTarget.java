package dev.montage.core;

/**
 * The loudness the final mix is normalised to (ITU-R BS.1770 integrated loudness, as EBU R128 and the
 * streaming platforms measure it), never letting the true peak pass a ceiling: set with
 * {@link MontageBuilder#loudness}. The mix is measured in a first pass over the rendered sound and
 * one gain is applied to all of it when it is encoded, so the dynamics stay as they are; where the
 * target would push the true peak near the ceiling, the gain stops 0.5 dB under it (room for the
 * lossy encoder, which raises peaks; the output is then quieter than the target).
 *
 * @param integratedLufs the integrated loudness to reach, in LUFS, from -70 to -5
 * @param truePeakDbtp the highest true peak allowed in the output, in dBTP, from -20 to 0
 */
public record LoudnessTarget(double integratedLufs, double truePeakDbtp) {

  /** Streaming and the web: -14 LUFS, true peak at most -1 dBTP. */
  public static final LoudnessTarget WEB = new LoudnessTarget(-14, -1);
  /** EBU R128 broadcast: -23 LUFS, true peak at most -1 dBTP. */
  public static final LoudnessTarget BROADCAST = new LoudnessTarget(-23, -1);

  /** A target of {@code lufs} with the usual -1 dBTP ceiling. */
  public static LoudnessTarget of(double lufs) {
    return new LoudnessTarget(lufs, -1);
  }
}
