package dev.montage.ffmpeg.internal.output;

import dev.montage.core.EncodingException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Reads back what was written before it is trusted: JavaCV does not check the muxer's trailer or
 * the final close, so a full disk there would otherwise pass silently. Checks that the file opens,
 * holds H.264 video and, where asked, audio, and lasts as long as planned.
 */
public final class OutputVerifier {

  private OutputVerifier() {}

  /** Verifies {@code file}: H.264, {@code audio} present if asked, duration within {@code toleranceMicros}. */
  public static void verify(CapturePool pool, Path file, long expectedMicros, long toleranceMicros, boolean audio) {
    try (GrabberLease lease = pool.leaseWritten(file)) {
      lease.discard();
      FFmpegFrameGrabber grabber = lease.grabber();
      String codec = grabber.getVideoCodecName();
      if (!"h264".equals(codec)) {
        throw EncodingException.failed(-1, file, "the encoder wrote " + codec + " instead of H.264", null);
      }
      if (audio && !grabber.hasAudio()) {
        throw EncodingException.failed(-1, file, "the output has no audio stream", null);
      }
      long length = grabber.getLengthInTime();
      if (Math.abs(length - expectedMicros) > toleranceMicros) {
        throw EncodingException.failed(-1, file, String.format(Locale.ROOT,
            "the output lasts %.3fs but %.3fs were written", length / 1e6, expectedMicros / 1e6), null);
      }
    }
  }
}
