package dev.montage.ffmpeg.internal.audio;

import dev.montage.core.MusicBed;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.read.AudioReader;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Mixes the music bed under the timeline's audio: looped when shorter, scaled by its volume, faded
 * in at the start and out at the end, ducked under the clips' own sound, summed with saturation.
 */
final class MusicMixer implements AutoCloseable {

  /** The bed decoded here, or null (no bed, or decoded by a worker into {@link #decoded}). */
  private final @Nullable AudioReader reader;
  /** The bed as a worker decoded it, or null. */
  private final @Nullable PcmLoop decoded;
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

  private MusicMixer(@Nullable AudioReader reader, @Nullable PcmLoop decoded, Levels levels, int channels) {
    this.reader = reader;
    this.decoded = decoded;
    this.levels = levels;
    this.channels = channels;
  }

  /**
   * A mixer for {@code audio}'s music bed, ducked as it says: decoded here, or read from the PCM a
   * worker process decoded it to; one that adds nothing without a bed.
   */
  static MusicMixer open(CapturePool pool, EncodedAudio audio, OutputFormat format, long totalSamples)
      throws IOException {
    MusicBed music = audio.music();
    if (music == null) {
      return new MusicMixer(null, null, new Levels(0, 0, 0, totalSamples, audio.ducking()), format.channels());
    }
    long fadeIn = Math.round(music.fadeIn().toNanos() / 1e9 * format.sampleRate());
    long fadeOut = Math.round(music.fadeOut().toNanos() / 1e9 * format.sampleRate());
    Levels levels = new Levels(music.volume(), fadeIn, fadeOut, totalSamples, audio.ducking());
    Path pcm = audio.musicPcm();
    if (pcm != null) {
      return new MusicMixer(null, new PcmLoop(pcm, format.channels()), levels, format.channels());
    }
    // Probed for a clear error; music files need no video.
    return new MusicMixer(AudioReader.open(pool, -1, music.source(), true, 0, format), null, levels,
        format.channels());
  }

  /** Adds music to {@code frames} sample frames of {@code mix} that start at timeline sample {@code first}. */
  void mixInto(short[] mix, int frames, long first) throws IOException {
    if (reader == null && decoded == null) {
      return;
    }
    int count = frames * channels;
    if (music.length < count) {
      music = new short[count];
    }
    int at = 0;
    while (at < frames) {
      int step = Math.min(frames - at, EncodedAudio.MUSIC_STEP);
      read(music, at * channels, step);
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

  /** Reads {@code frames} of the bed into {@code dst} at {@code offset}, from its start again once it ended. */
  private void read(short[] dst, int offset, int frames) throws IOException {
    AudioReader decoding = reader;
    if (decoding != null) {
      if (decoding.ended()) {
        decoding.rewind();
      }
      decoding.read(dst, offset, frames);
      return;
    }
    PcmLoop loop = java.util.Objects.requireNonNull(decoded);
    if (loop.ended()) {
      loop.rewind();
    }
    loop.read(dst, offset, frames);
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
    if (decoded != null) {
      decoded.close();
    }
  }
}
