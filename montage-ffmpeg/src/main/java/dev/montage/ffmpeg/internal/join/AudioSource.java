package dev.montage.ffmpeg.internal.join;

import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.StreamTemplate;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Where the output's audio comes from, as the joiner sees it: the join stage owns this interface,
 * the audio stage implements it (encoded PCM, copied AAC), the run picks one.
 */
public interface AudioSource {

  /** A file whose audio stream the output takes as it is (copied audio), or {@code null} to encode. */
  @Nullable Path streamTemplate();

  /** The clip whose source {@link #streamTemplate()} is (named when it cannot be opened); -1 for none. */
  default int streamTemplateClip() {
    return -1;
  }

  /**
   * The format the joiner writes: {@code output}, with the audio rate and channels this source
   * delivers where they are its own (copied audio keeps the sources').
   */
  default OutputFormat format(OutputFormat output) {
    return output;
  }

  /** Sets the recorder's audio encoder before it starts, where this source encodes. */
  void configure(FFmpegFrameRecorder recorder, OutputFormat format);

  /**
   * Opens the feed that writes into {@code recorder}, started on {@code template} (whose stream 1
   * is the audio stream of {@link #streamTemplate()}, if any).
   */
  AudioFeed open(CapturePool pool, FFmpegFrameRecorder recorder, StreamTemplate template, OutputFormat format,
      long totalSamples) throws IOException;
}
