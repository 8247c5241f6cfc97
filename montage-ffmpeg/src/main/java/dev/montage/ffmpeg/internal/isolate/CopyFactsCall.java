package dev.montage.ffmpeg.internal.isolate;

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
 * opens no source even to plan a copy: the video streams of {@code video}'s sources (headers), with
 * {@code idrs} also each clip's IDR frames from the packets near its cuts ({@link PacketKeyframes}),
 * and the audio streams of {@code audio}'s sources ({@link AudioStreamFacts}).
 *
 * @param video the clips whose video streams to read, with their sources and in and out points
 * @param fps the output's frame rate (the clips' spans in frames)
 * @param idrs whether to find each clip's IDR frames too (else the streams only)
 * @param audio the clips whose sources' audio streams to read
 * @param decoding how to open the sources (the job's sandbox included)
 */
public record CopyFactsCall(List<ClipSpan> video, double fps, boolean idrs, List<ClipSpan> audio, Decoding decoding)
    implements IsolatedCall {

  private static final long serialVersionUID = 1L;

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
    try (CapturePool pool = new CapturePool(1, CapturePool.DEFAULT_WAIT, Duration.ZERO, System::nanoTime, decoding)) {
      PacketKeyframes packets = new PacketKeyframes(pool);
      KeyframeIndex index = idrs ? packets.index(video, fps) : packets.streams(video);
      HashMap<String, AudioStreamFacts> streams = new HashMap<>();
      for (ClipSpan span : audio) {
        if (!streams.containsKey(span.source())) {
          AudioStreamFacts.read(pool, span.source(), span.clipIndex())
              .ifPresent(stream -> streams.put(span.source(), stream));
        }
      }
      return new Facts(index, streams);
    }
  }

  @Override
  public String what() {
    return "reading the sources' streams for a copy";
  }

  @Override
  public int clipAt(long framesDone) {
    ClipSpan first = first();
    return first == null ? -1 : first.clipIndex();
  }

  @Override
  public @Nullable Path fileAt(long framesDone) {
    ClipSpan first = first();
    return first == null ? null : Path.of(first.source());
  }

  /** The first clip read (the call reports no progress, so a crash is named by it). */
  private @Nullable ClipSpan first() {
    return !video.isEmpty() ? video.get(0) : audio.isEmpty() ? null : audio.get(0);
  }
}
