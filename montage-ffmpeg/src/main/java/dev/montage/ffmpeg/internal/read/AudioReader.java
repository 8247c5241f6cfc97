package dev.montage.ffmpeg.internal.read;

import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.media.FfmpegError;
import dev.montage.ffmpeg.internal.media.FfmpegLogTail;
import dev.montage.ffmpeg.internal.media.SourceClock;
import java.nio.ShortBuffer;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.nio.file.Path;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jspecify.annotations.Nullable;

/**
 * Delivers a source's audio as interleaved s16 at the output rate and layout, from a start time
 * on, sample by sample: leading samples before the start are dropped, a late start is padded with
 * silence, and after the end (or without audio) it delivers silence. Uses its own grabber so that
 * reading audio never disturbs the video decoder. A clip played faster or slower ({@link #stretched})
 * passes its sound through a {@link TempoStretch}: the start is found in source time, before it.
 */
public final class AudioReader implements AutoCloseable {

  private final @Nullable GrabberLease lease;
  private final int clipIndex;
  private final Path source;
  private final int channels;
  private final int sampleRate;
  private short[] fifo = new short[0];
  private int fifoStart;
  private int fifoEnd;
  /** Sample frames still to drop (positive) or to pad with silence (negative) before the FIFO. */
  private long skew;
  private boolean started;
  private boolean ended;
  private final long startMicros;
  /** The source's time zero in the grabber's frame timestamps (see {@link SourceClock}). */
  private final long zeroMicros;
  /** Where this reader's lines begin in FFmpeg's log on the reading thread. */
  private final FfmpegLogTail.Mark mark;
  /** The time-stretch of a clip not at its own speed; null at speed 1. */
  private @Nullable TempoStretch tempo;
  /** Whether the stretch was told that the source ended. */
  private boolean tempoFinished;

  private AudioReader(@Nullable GrabberLease lease, int clipIndex, Path source, long startMicros,
      OutputFormat format, FfmpegLogTail.Mark mark) {
    this.lease = lease;
    this.mark = mark;
    this.clipIndex = clipIndex;
    this.source = source;
    this.startMicros = startMicros;
    this.sampleRate = format.sampleRate();
    this.channels = format.channels();
    this.ended = lease == null;
    this.zeroMicros = lease == null ? 0 : SourceClock.zeroMicros(lease.grabber());
  }

  /**
   * Opens {@code source} at {@code startMicros}, its sound resampled to {@code format}'s rate and
   * channels; silence when {@code hasAudio} is false.
   */
  public static AudioReader open(CapturePool pool, int clipIndex, Path source, boolean hasAudio, long startMicros,
      OutputFormat format) {
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    if (!hasAudio) {
      return new AudioReader(null, clipIndex, source, startMicros, format, mark);
    }
    GrabberLease lease = pool.leaseSource(source, clipIndex);
    AudioReader reader = new AudioReader(lease, clipIndex, source, startMicros, format, mark);
    try {
      lease.grabber().setAudioTimestamp(startMicros);
      return reader;
    } catch (FrameGrabber.Exception e) {
      lease.discard();
      reader.close();
      throw SourceMediaException.decodeFailed(clipIndex, source, FfmpegError.of(e, mark));
    }
  }

  /**
   * This reader playing its sound {@code speed} times as fast, pitch kept (nothing changes at 1);
   * call before the first {@link #read}. Closes the reader when the stretch cannot start.
   */
  public AudioReader stretched(double speed) {
    if (speed == 1 || lease == null) {
      return this;
    }
    try {
      tempo = TempoStretch.start(speed, sampleRate, channels, clipIndex, source);
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Rewinds to {@code startMicros} (for looping music; not for a {@link #stretched} reader). */
  public void rewind() {
    if (lease == null) {
      return;
    }
    if (tempo != null) {
      throw new IllegalStateException("a time-stretched reader cannot rewind");
    }
    try {
      lease.grabber().setAudioTimestamp(startMicros);
    } catch (FrameGrabber.Exception e) {
      lease.discard();
      throw SourceMediaException.decodeFailed(clipIndex, source, FfmpegError.of(e, mark));
    }
    fifoStart = fifoEnd = 0;
    started = false;
    ended = false;
    skew = 0;
  }

  /** Whether the source has no more audio. */
  public boolean ended() {
    return ended && fifoStart == fifoEnd && skew >= 0;
  }

  /**
   * Reads {@code frames} sample frames into {@code dst} from {@code offset} (interleaved), silence
   * past the end; returns how many of them are the source's (silence at the start included), fewer
   * than {@code frames} only in the read that reached the end.
   */
  public int read(short[] dst, int offset, int frames) {
    int needed = frames * channels;
    int at = offset;
    while (needed > 0) {
      if (skew < 0) {
        int pad = (int) Math.min(needed / channels, -skew) * channels;
        java.util.Arrays.fill(dst, at, at + pad, (short) 0);
        at += pad;
        needed -= pad;
        skew += pad / channels;
        continue;
      }
      if (fifoStart == fifoEnd && !fill()) {
        java.util.Arrays.fill(dst, at, at + needed, (short) 0);
        return (at - offset) / channels;
      }
      int take = Math.min(needed, fifoEnd - fifoStart);
      System.arraycopy(fifo, fifoStart, dst, at, take);
      fifoStart += take;
      at += take;
      needed -= take;
    }
    return frames;
  }

  /** Decodes the next audio frame into the FIFO; false at the end. */
  private boolean fill() {
    if (ended || lease == null) {
      return false;
    }
    if (tempo != null) {
      return fillStretched(tempo);
    }
    while (true) {
      Frame frame;
      try {
        frame = lease.grabber().grabSamples();
      } catch (FrameGrabber.Exception e) {
        lease.discard();
        throw SourceMediaException.decodeFailed(clipIndex, source, FfmpegError.of(e, mark));
      }
      if (frame == null || frame.samples == null) {
        ended = true;
        return false;
      }
      ShortBuffer samples = (ShortBuffer) frame.samples[0];
      int count = samples.remaining();
      if (!started) {
        started = true;
        long offsetFrames = Math.round((startMicros - (frame.timestamp - zeroMicros)) * sampleRate / 1e6);
        skew = offsetFrames;
        if (skew < 0) {
          // The first audio starts late: pad the gap with silence before these samples.
          store(samples, count);
          return true;
        }
      }
      int drop = (int) Math.min(count / channels, skew) * channels;
      skew -= drop / channels;
      if (count - drop <= 0) {
        continue;
      }
      samples.position(samples.position() + drop);
      store(samples, count - drop);
      return true;
    }
  }

  /**
   * Fills the FIFO from the stretch, feeding it source sound from the start time on (silence first
   * where the source's sound starts late); false once the stretch has given out everything.
   */
  private boolean fillStretched(TempoStretch stretch) {
    while (true) {
      ShortBuffer out = stretch.pull();
      if (out != null && out.hasRemaining()) {
        store(out, out.remaining());
        return true;
      }
      if (tempoFinished) {
        ended = true;
        return false;
      }
      Frame frame = grab();
      if (frame == null || frame.samples == null) {
        stretch.finish();
        tempoFinished = true;
        continue;
      }
      ShortBuffer samples = (ShortBuffer) frame.samples[0];
      if (!started) {
        started = true;
        skew = Math.round((startMicros - (frame.timestamp - zeroMicros)) * sampleRate / 1e6);
        if (skew < 0) {
          stretch.pushSilence(-skew);
          skew = 0;
        }
      }
      int drop = (int) Math.min(samples.remaining() / channels, skew) * channels;
      skew -= drop / channels;
      samples.position(samples.position() + drop);
      if (samples.hasRemaining()) {
        // A slice starts at the first sample kept: JavaCV's filter takes a buffer's position as bytes,
        // not samples, so a moved position would feed it from the wrong place (half the offset).
        stretch.push(samples.slice());
      }
    }
  }

  private @Nullable Frame grab() {
    try {
      return java.util.Objects.requireNonNull(lease).grabber().grabSamples();
    } catch (FrameGrabber.Exception e) {
      java.util.Objects.requireNonNull(lease).discard();
      throw SourceMediaException.decodeFailed(clipIndex, source, FfmpegError.of(e, mark));
    }
  }

  private void store(ShortBuffer samples, int count) {
    if (fifo.length < count) {
      fifo = new short[Math.max(count, 8192)];
    }
    samples.get(fifo, 0, count);
    fifoStart = 0;
    fifoEnd = count;
  }

  /**
   * Closes the grabber instead of returning it to the pool: JavaCV keeps audio state across
   * {@code setAudioTimestamp} (its resampler and decoder are not reset), so a grabber that has read
   * audio once would give the next clip's audio depending on what it read before. Seen as a
   * different AAC stream from run to run of the same job; fresh grabbers make it deterministic.
   */
  @Override
  public void close() {
    TempoStretch stretch = tempo;
    tempo = null;
    try {
      if (stretch != null) {
        stretch.close();
      }
    } finally {
      if (lease != null) {
        lease.discard();
        lease.close();
      }
    }
  }
}
