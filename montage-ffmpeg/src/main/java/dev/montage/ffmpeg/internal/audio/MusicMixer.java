package dev.montage.ffmpeg.internal.audio;

import dev.montage.core.MusicBed;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.read.AudioReader;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Mixes the music bed under the timeline's audio: looped when shorter, scaled by its volume, faded
 * in at the start and out at the end, ducked under the clips' own sound, summed with saturation.
 */
final class MusicMixer implements AutoCloseable {

  private final @Nullable AudioReader reader;
  private final Levels levels;
  private final int channels;
  private short[] music = new short[0];

  /**
   * The music's level over the timeline.
   *
   * @param volume the bed's linear gain
   * @param fadeIn samples of the fade-in at the start
   * @param fadeOut samples of the fade-out at the end
   * @param total samples of the timeline
   * @param ducking where the music drops under the clips' sound
   */
  private record Levels(double volume, long fadeIn, long fadeOut, long total, DuckingEnvelope ducking) {

    /** The factor at timeline sample {@code sample}. */
    double at(long sample) {
      double fade = 1;
      if (fadeIn > 0 && sample < fadeIn) {
        fade = Math.min(fade, sample / (double) fadeIn);
      }
      long left = total - sample;
      if (fadeOut > 0 && left < fadeOut) {
        fade = Math.min(fade, Math.max(0, left) / (double) fadeOut);
      }
      return volume * fade * ducking.at(sample);
    }
  }

  private MusicMixer(@Nullable AudioReader reader, Levels levels, int channels) {
    this.reader = reader;
    this.levels = levels;
    this.channels = channels;
  }

  /**
   * A mixer for {@code music}, ducked by {@code ducking}; one that adds nothing when {@code music}
   * is null.
   */
  static MusicMixer open(CapturePool pool, @Nullable MusicBed music, OutputFormat format, long totalSamples,
      DuckingEnvelope ducking) {
    if (music == null) {
      return new MusicMixer(null, new Levels(0, 0, 0, totalSamples, ducking), format.channels());
    }
    Path source = music.source();
    // Probed for a clear error; music files need no video.
    AudioReader reader = AudioReader.open(pool, -1, source, true, 0, format);
    long fadeIn = Math.round(music.fadeIn().toNanos() / 1e9 * format.sampleRate());
    long fadeOut = Math.round(music.fadeOut().toNanos() / 1e9 * format.sampleRate());
    return new MusicMixer(reader, new Levels(music.volume(), fadeIn, fadeOut, totalSamples, ducking),
        format.channels());
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
      double gain = levels.at(first + s);
      for (int c = 0; c < channels; c++) {
        int i = s * channels + c;
        int sum = mix[i] + (int) Math.round(music[i] * gain);
        mix[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum));
      }
    }
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
  }
}
