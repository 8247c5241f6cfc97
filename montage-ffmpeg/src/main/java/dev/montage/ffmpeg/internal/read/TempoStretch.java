package dev.montage.ffmpeg.internal.read;

import dev.montage.core.EncodingException;
import dev.montage.core.MontageException;
import dev.montage.ffmpeg.internal.capture.TrackedFilter;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.jspecify.annotations.Nullable;

/**
 * Plays interleaved s16 sound {@code speed} times as fast with its pitch kept: FFmpeg's
 * {@code atempo} (overlap-add of similar waveform pieces), chained where the factor lies outside
 * the range one instance handles well (0.5 to 2: beyond 2 it drops samples instead of blending).
 * Owns one native filter graph, released by {@link #close()}.
 */
final class TempoStretch implements AutoCloseable {

  private final TrackedFilter filter;
  private final int clipIndex;
  private final Path source;
  private final int channels;
  private final int sampleRate;
  private ShortBuffer silence = ShortBuffer.allocate(0);

  private TempoStretch(TrackedFilter filter, int clipIndex, Path source, int sampleRate, int channels) {
    this.filter = filter;
    this.clipIndex = clipIndex;
    this.source = source;
    this.sampleRate = sampleRate;
    this.channels = channels;
  }

  /** A started stretch of clip {@code clipIndex}'s sound (read from {@code source}) by {@code speed}. */
  static TempoStretch start(double speed, int sampleRate, int channels, int clipIndex, Path source) {
    FFmpegFrameFilter graph = new FFmpegFrameFilter(chain(speed) + ",aformat=sample_fmts=s16", channels);
    graph.setSampleRate(sampleRate);
    graph.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
    TrackedFilter tracked = new TrackedFilter(graph, "atempo " + speed + " for " + source);
    TempoStretch stretch = new TempoStretch(tracked, clipIndex, source, sampleRate, channels);
    try {
      graph.start();
      return stretch;
    } catch (FrameFilter.Exception | RuntimeException e) {
      MontageException failure = stretch.failed("starting", e);
      try {
        tracked.close();
      } catch (FrameFilter.Exception | RuntimeException closeFailure) {
        failure.addSuppressed(closeFailure);
      }
      throw failure;
    }
  }

  /** The filter chain for {@code speed}: {@code atempo} instances each within 0.5 to 2. */
  static String chain(double speed) {
    List<String> steps = new ArrayList<>();
    double left = speed;
    while (left > 2) {
      steps.add("atempo=2");
      left /= 2;
    }
    while (left < 0.5) {
      steps.add("atempo=0.5");
      left /= 0.5;
    }
    steps.add(String.format(Locale.ROOT, "atempo=%.9f", left));
    return String.join(",", steps);
  }

  /** Feeds the samples from {@code samples}' position to its limit (interleaved). */
  void push(ShortBuffer samples) {
    try {
      filter.filter().pushSamples(0, channels, sampleRate, avutil.AV_SAMPLE_FMT_S16, samples);
    } catch (FrameFilter.Exception e) {
      throw failed("feeding", e);
    }
  }

  /** Feeds {@code frames} sample frames of silence. */
  void pushSilence(long frames) {
    long left = frames;
    while (left > 0) {
      int now = (int) Math.min(left, 4096);
      if (silence.capacity() < now * channels) {
        silence = ShortBuffer.allocate(4096 * channels);
      }
      silence.clear().limit(now * channels);
      push(silence);
      left -= now;
    }
  }

  /** Says that no more sound comes, so that the filter gives out what it holds. */
  void finish() {
    try {
      filter.filter().push(null);
    } catch (FrameFilter.Exception e) {
      throw failed("flushing", e);
    }
  }

  /** The next stretched samples (interleaved, valid until the next call), or null when none is ready. */
  @Nullable ShortBuffer pull() {
    try {
      Frame frame = filter.filter().pullSamples();
      if (frame == null || frame.samples == null) {
        return null;
      }
      return (ShortBuffer) frame.samples[0];
    } catch (FrameFilter.Exception e) {
      throw failed("reading", e);
    }
  }

  private MontageException failed(String doing, Exception cause) {
    return EncodingException.failed(clipIndex, source, doing + " the time-stretch of the clip's sound failed", cause);
  }

  @Override
  public void close() {
    try {
      filter.close();
    } catch (FrameFilter.Exception e) {
      throw failed("releasing", e);
    }
  }
}
