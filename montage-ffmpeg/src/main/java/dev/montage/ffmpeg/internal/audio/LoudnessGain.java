package dev.montage.ffmpeg.internal.audio;

import dev.montage.core.LoudnessTarget;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gain that brings the final mix to a {@link LoudnessTarget}: a first pass mixes the
 * segments' PCM with the music exactly as the encoding pass will and measures it
 * ({@link LoudnessMeter}); the gain reaches the target loudness unless that would lift the true peak
 * over the ceiling less {@link #CODEC_HEADROOM_DB}, where it stops. Silence gets no gain.
 */
final class LoudnessGain {

  private static final Logger LOG = LoggerFactory.getLogger(LoudnessGain.class);
  /**
   * Room left under the ceiling for the lossy encoder that follows the measurement, which reshapes
   * the waveform and raises its peaks. Measured: the synthetic sound (full-scale square-wave clicks)
   * brought to -1.0 dBTP as mixed (this meter) decoded from AAC at -0.84 dBTP (the testkit's meter,
   * whose longer filter alone reads 0.07 dB more on the same clicks), over the ceiling; 0.5 dB keeps
   * it under with room to spare, and costs loudness only where the peak, not the target, decides the
   * gain. With that room the web target's render decodes at -1.38 dBTP from AAC and -1.46 dBTP from
   * Opus (a WebM output), both under the ceiling ({@code ClipGainTest}).
   */
  static final double CODEC_HEADROOM_DB = 0.5;

  private LoudnessGain() {}

  /** The linear gain that brings {@code audio}'s mix (its PCM and music) to {@code target}. */
  static double measure(CapturePool pool, EncodedAudio audio, OutputFormat format, long totalSamples,
      LoudnessTarget target) throws IOException {
    if (format.sampleRate() != LoudnessMeter.RATE) {
      throw new IllegalStateException("loudness is measured at " + LoudnessMeter.RATE + " Hz, the mix is at "
          + format.sampleRate());
    }
    LoudnessMeter meter = new LoudnessMeter(format.channels());
    short[] chunk = new short[EncodedAudio.CHUNK * format.channels()];
    try (PcmTimeline pcm = new PcmTimeline(audio.pcmFiles(), format.channels());
        MusicMixer mixer = MusicMixer.open(pool, audio, format, totalSamples)) {
      for (long done = 0; done < totalSamples; ) {
        int frames = (int) Math.min(EncodedAudio.CHUNK, totalSamples - done);
        pcm.read(chunk, frames);
        mixer.mixInto(chunk, frames, done);
        meter.add(chunk, frames);
        done += frames;
      }
    }
    double loudness = meter.integratedLufs();
    double peak = meter.truePeakDbtp();
    if (Double.isInfinite(loudness)) {
      LOG.info("loudness: the mix is silent; left as it is");
      return 1;
    }
    double gainDb = Math.min(target.integratedLufs() - loudness, target.truePeakDbtp() - CODEC_HEADROOM_DB - peak);
    LOG.info(String.format(Locale.ROOT, "loudness: measured %.1f LUFS, true peak %.1f dBTP; gain %+.1f dB"
        + " for %.1f LUFS under %.1f dBTP (%.1f dB left for the encoder)", loudness, peak, gainDb,
        target.integratedLufs(), target.truePeakDbtp(), CODEC_HEADROOM_DB));
    return Math.pow(10, gainDb / 20);
  }
}
