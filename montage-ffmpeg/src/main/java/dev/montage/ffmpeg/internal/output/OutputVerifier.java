package dev.montage.ffmpeg.internal.output;

import dev.montage.core.EncodingException;
import dev.montage.core.VideoCodec;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Reads back what was written before it is trusted: JavaCV does not check the muxer's trailer or
 * the final close, so a full disk there would otherwise pass silently. Checks that the file opens,
 * holds the codec's video and, where asked, audio, and lasts as long as planned.
 */
public final class OutputVerifier {

  private OutputVerifier() {}

  /**
   * Verifies {@code file}: {@code codec} video, {@code audio} present if asked, duration within
   * {@code toleranceMicros}.
   */
  public static void verify(CapturePool pool, Path file, VideoCodec codec, long expectedMicros, long toleranceMicros,
      boolean audio) {
    try (GrabberLease lease = pool.leaseWritten(file)) {
      lease.discard();
      FFmpegFrameGrabber grabber = lease.grabber();
      // The codec's name, not the decoder's (AV1 decodes with libdav1d or libaom-av1).
      String written = grabber.getVideoStream() < 0 ? "no video"
          : avcodec.avcodec_get_name(grabber.getFormatContext().streams(grabber.getVideoStream()).codecpar().codec_id())
              .getString();
      if (!codec.id().equals(written)) {
        throw EncodingException.failed(-1, file, "the encoder wrote " + written + " instead of " + codec.displayName(),
            null);
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
