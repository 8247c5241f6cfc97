package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.SourceMediaException;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.ffmpeg.internal.audio.EncodedAudio;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.read.AudioReader;
import dev.montage.ffmpeg.internal.worker.IsolatedCall;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Decoding the music bed in a worker process, so that with isolation no source is decoded in the
 * host: its sound at the output's rate and channels, written as 16-bit little-endian PCM, exactly the
 * bed's samples (no padding), until it ends or covers {@code frames}. The host's mixer loops the file
 * where it is shorter, as the in-process mixer loops the decoder: the read that reaches the end is
 * padded with silence, the next starts again at the beginning.
 *
 * @param source the music file
 * @param decoding how to open it (the job's sandbox included)
 * @param format the output's sample rate and channels
 * @param frames sample frames the timeline needs at most
 * @param pcmFile where to write the PCM (in the job's work dir)
 */
public record MusicCall(String source, Decoding decoding, OutputFormat format, long frames, String pcmFile)
    implements IsolatedCall {

  private static final long serialVersionUID = 1L;
  private static final int STEP = EncodedAudio.MUSIC_STEP;

  /** Writes the PCM; returns the sample frames written. */
  @Override
  public Serializable call(SegmentEnvironment environment) {
    Path music = Path.of(source);
    Path into = Path.of(pcmFile);
    try (CapturePool pool = new CapturePool(1, CapturePool.DEFAULT_WAIT, Duration.ZERO, System::nanoTime, decoding)) {
      try (GrabberLease lease = pool.leaseSource(music, -1)) {
        if (!lease.grabber().hasAudio()) {
          throw SourceMediaException.corrupt(-1, music, new IOException("the music file has no audio stream"));
        }
      }
      try (AudioReader reader = AudioReader.open(pool, -1, music, true, 0, format);
          FileChannel out = FileChannel.open(into, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        short[] samples = new short[STEP * format.channels()];
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        long written = 0;
        while (written < frames && !reader.ended()) {
          int real = reader.read(samples, 0, STEP);
          bytes.clear();
          bytes.asShortBuffer().put(samples, 0, real * format.channels());
          bytes.limit(real * format.channels() * 2);
          while (bytes.hasRemaining()) {
            out.write(bytes);
          }
          written += real;
          if (environment.cancelled()) {
            throw RenderCancelledException.byToken();
          }
          environment.framesDone(1); // a sign of life for the host's stall watch, not output frames
        }
        return written;
      } catch (IOException e) {
        throw OutputException.writeFailed(-1, into, e);
      }
    }
  }

  @Override
  public String what() {
    return "decoding the music bed";
  }

  @Override
  public int clipAt(long framesDone) {
    return -1;
  }

  @Override
  public @Nullable Path fileAt(long framesDone) {
    return Path.of(source);
  }
}
