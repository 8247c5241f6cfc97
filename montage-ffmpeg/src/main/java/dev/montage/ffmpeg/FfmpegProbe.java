package dev.montage.ffmpeg;

import dev.montage.core.MediaInfo;
import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.probe.SourceProber;
import java.nio.file.Path;
import java.time.Duration;

/** Reports what the renderer sees in a media file, as {@link MediaInfo}. */
public final class FfmpegProbe {

  private FfmpegProbe() {}

  /**
   * Probes {@code file}: opens it and reads its streams' facts from the container, as FFmpeg reports
   * them (a still image's picture is decoded too). A video whose pictures do not decode is reported
   * by the render that reads them, naming the clip.
   *
   * @throws SourceMediaException when the file is missing, unreadable, corrupt or has no video
   */
  public static MediaInfo probe(Path file) {
    try (CapturePool pool = new CapturePool(1, Duration.ofSeconds(1), Duration.ZERO, System::nanoTime,
        Decoding.sandboxed(48_000, 2))) {
      return SourceProber.probe(pool, file, -1);
    }
  }
}
