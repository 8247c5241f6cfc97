package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.MediaInfo;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.probe.SourceProber;
import dev.montage.ffmpeg.internal.worker.IsolatedCall;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Probing one source in a worker process: the first time hostile media meets a decoder.
 *
 * @param source the file
 * @param clipIndex the first clip that uses it
 * @param decoding how to open it (the job's sandbox included)
 */
record ProbeCall(String source, int clipIndex, Decoding decoding) implements IsolatedCall {

  private static final long serialVersionUID = 1L;

  @Override
  public Serializable call(SegmentEnvironment environment) {
    try (CapturePool pool = new CapturePool(1, CapturePool.DEFAULT_WAIT, Duration.ZERO, System::nanoTime, decoding)) {
      return Facts.of(SourceProber.probe(pool, Path.of(source), clipIndex));
    }
  }

  @Override
  public String what() {
    return "probing";
  }

  @Override
  public int clipAt(long framesDone) {
    return clipIndex;
  }

  @Override
  public @Nullable Path fileAt(long framesDone) {
    return Path.of(source);
  }

  /** {@link MediaInfo} as a value that crosses processes (a {@link Path} does not serialise). */
  record Facts(String path, long sizeBytes, int width, int height, double frameRate, Duration duration,
      int rotation, String videoCodec, String pixelFormat, @Nullable String audioCodec, int audioChannels,
      int audioSampleRate) implements Serializable {

    private static final long serialVersionUID = 1L;

    static Facts of(MediaInfo info) {
      return new Facts(info.path().toString(), info.sizeBytes(), info.width(), info.height(), info.frameRate(),
          info.duration(), info.rotation(), info.videoCodec(), info.pixelFormat(), info.audioCodec(),
          info.audioChannels(), info.audioSampleRate());
    }

    MediaInfo info() {
      return new MediaInfo(Path.of(path), sizeBytes, width, height, frameRate, duration, rotation, videoCodec,
          pixelFormat, audioCodec, audioChannels, audioSampleRate);
    }
  }
}
