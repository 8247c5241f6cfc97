package dev.montage.ffmpeg.internal.audio;

import dev.montage.core.MusicBed;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.segment.AudioReader;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Mixes the music bed under the timeline's audio: looped when shorter, scaled by its volume, faded
 * in at the start and out at the end, ducked under the clips' own sound, summed with saturation.
 */
final class MusicMixer implements AutoCloseable {

  private final @Nullable AudioReader reader;
  private final double volume;
  private final long fadeInSamples;
  private final long fadeOutSamples;
  private final long totalSamples;
  private final int channels;
  private final DuckingEnvelope ducking;
  private short[] music = new short[0];

  private MusicMixer(@Nullable AudioReader reader, double volume, long fadeIn, long fadeOut, long total, int channels,
      DuckingEnvelope ducking) {
    this.reader = reader;
    this.ducking = ducking;
    this.volume = volume;
    this.fadeInSamples = fadeIn;
    this.fadeOutSamples = fadeOut;
    this.totalSamples = total;
    this.channels = channels;
  }

  /**
   * A mixer for {@code music}, ducked by {@code ducking}; one that adds nothing when {@code music}
   * is null.
   */
  static MusicMixer open(CapturePool pool, @Nullable MusicBed music, OutputFormat format, long totalSamples,
      DuckingEnvelope ducking) {
    if (music == null) {
      return new MusicMixer(null, 0, 0, 0, totalSamples, format.channels(), ducking);
    }
    Path source = music.source();
    // Probed for a clear error; music files need no video.
    AudioReader reader = AudioReader.open(pool, -1, source, true, 0, format.sampleRate(), format.channels());
    long fadeIn = Math.round(music.fadeIn().toNanos() / 1e9 * format.sampleRate());
    long fadeOut = Math.round(music.fadeOut().toNanos() / 1e9 * format.sampleRate());
    return new MusicMixer(reader, music.volume(), fadeIn, fadeOut, totalSamples, format.channels(), ducking);
  }

  /** Adds music to {@code frames} sample frames of {@code mix} that start at timeline sample {@code first}. */
  void mixInto(short[] mix, int frames, long first) {
    if (reader == null) {
      return;
    }
    int count = frames * channels;
    if (music.length < count) {
      music = new short[count];
    }
    int at = 0;
    while (at < frames) {
      if (reader.ended()) {
        reader.rewind();
      }
      int step = Math.min(frames - at, 1024);
      reader.read(music, at * channels, step);
      at += step;
    }
    for (int s = 0; s < frames; s++) {
      double gain = volume * envelope(first + s) * ducking.at(first + s);
      for (int c = 0; c < channels; c++) {
        int i = s * channels + c;
        int sum = mix[i] + (int) Math.round(music[i] * gain);
        mix[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum));
      }
    }
  }

  private double envelope(long sample) {
    double gain = 1;
    if (fadeInSamples > 0 && sample < fadeInSamples) {
      gain = Math.min(gain, sample / (double) fadeInSamples);
    }
    long left = totalSamples - sample;
    if (fadeOutSamples > 0 && left < fadeOutSamples) {
      gain = Math.min(gain, Math.max(0, left) / (double) fadeOutSamples);
    }
    return gain;
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
  }
}
