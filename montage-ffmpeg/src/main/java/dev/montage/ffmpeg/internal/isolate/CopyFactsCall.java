package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.EncodingException;
import dev.montage.core.MontageException;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.probe.AudioStreamFacts;
import dev.montage.ffmpeg.internal.probe.KeyframeIndex;
import dev.montage.ffmpeg.internal.probe.KeyframeIndex.ClipSpan;
import dev.montage.ffmpeg.internal.probe.PacketKeyframes;
import dev.montage.ffmpeg.internal.worker.IsolatedCall;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reading what a stream copy is planned from in a worker process, so that with isolation the host
 * opens no source even to plan a copy: the video streams of {@code video}'s sources (headers) or,
 * given those {@code streams}, each clip's IDR frames from the packets near its cuts
 * ({@link PacketKeyframes}), and the audio streams of {@code audio}'s sources
 * ({@link AudioStreamFacts}). One progress unit per clip read, video then audio: a sign of life for
 * the host's stall watch, and how a crash is named by the clip being read.
 *
 * @param video the clips whose video streams (or IDR frames) to read, with their sources and in and out points
 * @param streams the sources' streams read before, to find the clips' IDR frames; {@code null} to read the streams
 * @param fps the output's frame rate (the clips' spans in frames)
 * @param audio the clips whose sources' audio streams to read
 * @param decoding how to open the sources (the job's sandbox included)
 */
public record CopyFactsCall(List<ClipSpan> video, @Nullable KeyframeIndex streams, double fps, List<ClipSpan> audio,
    Decoding decoding) implements IsolatedCall {

  private static final long serialVersionUID = 1L;
  /** Sources kept open at once: each a packet reader, holding no decoded frames. */
  private static final int MAX_READERS = 32;

  public CopyFactsCall {
    video = List.copyOf(video);
    audio = List.copyOf(audio);
  }

  /**
   * What a worker read for a copy's plan.
   *
   * @param index the sources' video streams and, where asked, the clips' IDR frames
   * @param audio each source's audio stream by file, where asked and present
   */
  public record Facts(KeyframeIndex index, Map<String, AudioStreamFacts> audio) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  @Override
  public Serializable call(SegmentEnvironment environment) {
    int sources = (int) java.util.stream.Stream.concat(video.stream(), audio.stream()).map(ClipSpan::source)
        .distinct().count();
    long[] read = {0};
    Runnable clipRead = () -> {
      read[0]++;
      environment.framesDone(1);
    };
    try (CapturePool pool = new CapturePool(Math.max(1, Math.min(MAX_READERS, sources)), CapturePool.DEFAULT_WAIT,
        CapturePool.DEFAULT_IDLE_TIMEOUT, System::nanoTime, decoding)) {
      PacketKeyframes packets = new PacketKeyframes(pool, clipRead);
      KeyframeIndex known = streams;
      KeyframeIndex index = known != null ? packets.index(known, video, fps) : packets.streams(video);
      HashMap<String, AudioStreamFacts> found = new HashMap<>();
      for (ClipSpan span : audio) {
        if (!found.containsKey(span.source())) {
          AudioStreamFacts.read(pool, span.source(), span.clipIndex())
              .ifPresent(stream -> found.put(span.source(), stream));
        }
        clipRead.run();
      }
      return new Facts(index, found);
    } catch (MontageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw EncodingException.failed(clipAt(read[0]), fileAt(read[0]), what(), e);
    }
  }

  @Override
  public String what() {
    return "reading the sources' streams for a copy";
  }

  @Override
  public int clipAt(long framesDone) {
    ClipSpan reading = reading(framesDone);
    return reading == null ? -1 : reading.clipIndex();
  }

  @Override
  public @Nullable Path fileAt(long framesDone) {
    ClipSpan reading = reading(framesDone);
    return reading == null ? null : Path.of(reading.source());
  }

  /** The clip being read after {@code read} clips were: video then audio, the last one past the end. */
  private @Nullable ClipSpan reading(long read) {
    if (read < video.size()) {
      return video.get((int) read);
    }
    if (read - video.size() < audio.size()) {
      return audio.get((int) (read - video.size()));
    }
    return !audio.isEmpty() ? audio.get(audio.size() - 1) : video.isEmpty() ? null : video.get(video.size() - 1);
  }
}
