package dev.montage.ffmpeg.internal.join;

import dev.montage.core.MontageException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.capture.StreamTemplate;
import dev.montage.ffmpeg.internal.capture.TrackedRecorder;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Copies every packet of a file into another container. Used for Matroska output: JavaCV's
 * recordSamples writes AAC packet durations without rescaling them to the stream's time base,
 * which Matroska (unlike MP4) turns into a wrong duration; recordPacket rescales correctly.
 */
public final class Remuxer {

  private Remuxer() {}

  /** Copies every packet of {@code from} into {@code to}, a {@code format} file, within {@code budget}. */
  public static void remux(CapturePool pool, RenderGuard guard, Path from, Path to, String format, Duration budget) {
    RenderGuard.Watch watch = guard.watch("remuxing to " + format, -1, to, budget);
    try (GrabberLease lease = pool.leaseWritten(from)) {
      lease.discard();
      FFmpegFrameGrabber grabber = lease.grabber();
      FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(to.toFile(), grabber.getImageWidth(),
          grabber.getImageHeight(), grabber.getAudioChannels());
      recorder.setFormat(format);
      StreamTemplate template = StreamTemplate.of(StreamTemplate.streamsOf(grabber.getFormatContext()), from.toString());
      TrackedRecorder tracked = new TrackedRecorder(recorder, to);
      Throwable primary = null;
      try {
        recorder.start(template.context());
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
          guard.check(watch);
          recorder.recordPacket(packet);
        }
        tracked.finish();
      } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
        primary = Failures.write(-1, to, "remuxing to " + format + " failed", e);
        throw (MontageException) primary;
      } catch (RuntimeException | Error e) {
        primary = e;
        throw e;
      } finally {
        try {
          tracked.closeAfter(primary);
        } finally {
          template.close();
        }
      }
    }
  }
}
