package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.FfmpegError;
import dev.montage.ffmpeg.internal.media.FfmpegLogTail;
import dev.montage.ffmpeg.internal.media.SourceClock;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jspecify.annotations.Nullable;

/**
 * Delivers one clip's video on the output frame grid: seeks once to the first frame needed, then
 * decodes forward and shows, for each output frame, the latest source frame at or before its time
 * (frame-rate conversion by timestamps). FFmpeg scales to the fitted size while converting to
 * yuv420p; the frame is drawn into this reader's canvas before the next decode overwrites it.
 */
final class VideoReader implements AutoCloseable {

  /** Source frames this close to an output time count as at it (timestamp rounding). */
  private static final long SLACK_MICROS = 1_000;
  /** A source may end this much before a clip's out point (container durations are approximate). */
  private static final long END_TOLERANCE_MICROS = 500_000;

  private final PlannedClip clip;
  private final OutputFormat format;
  private final GrabberLease lease;
  private final Canvas canvas;
  private final Path source;
  /** The source's time zero in the grabber's frame timestamps (see {@link SourceClock}). */
  private final long zeroMicros;
  /** Where this clip's lines begin in FFmpeg's log on the reading thread. */
  private final FfmpegLogTail.Mark mark;
  private boolean pending;
  private long pendingMicros;
  /** Owned by the grabber: valid only until its next grab. */
  private @Nullable Frame pendingFrame;
  private boolean shown;
  private boolean ended;
  private long lastMicros = -1;

  private VideoReader(
      PlannedClip clip, OutputFormat format, GrabberLease lease, Canvas canvas, FfmpegLogTail.Mark mark) {
    this.clip = clip;
    this.mark = mark;
    this.format = format;
    this.lease = lease;
    this.canvas = canvas;
    this.source = Path.of(clip.source());
    this.zeroMicros = SourceClock.zeroMicros(lease.grabber());
  }

  /**
   * Opens the clip positioned for local frame {@code firstLocal}, drawing into {@code canvas}
   * (cleared here; the caller owns it and reuses it for later clips).
   */
  static VideoReader open(CapturePool pool, PlannedClip clip, OutputFormat format, long firstLocal, Canvas canvas) {
    Path source = Path.of(clip.source());
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    GrabberLease lease = pool.leaseSource(source, clip.clipIndex());
    canvas.clear();
    VideoReader reader = new VideoReader(clip, format, lease, canvas, mark);
    try {
      FFmpegFrameGrabber grabber = lease.grabber();
      grabber.setImageWidth(clip.fitWidth());
      grabber.setImageHeight(clip.fitHeight());
      grabber.setVideoTimestamp(clip.inMicros() + format.microsAt(firstLocal));
      return reader;
    } catch (FrameGrabber.Exception | RuntimeException e) {
      lease.discard();
      reader.close();
      throw e instanceof FrameGrabber.Exception fe ? Failures.source(clip.clipIndex(), source, fe, mark) : (RuntimeException) e;
    }
  }

  PlannedClip clip() {
    return clip;
  }

  /** The canvas this reader draws into. */
  Canvas canvas() {
    return canvas;
  }

  /** The canvas showing local output frame {@code local} of the clip. */
  Canvas frameAt(long local) {
    long target = clip.inMicros() + format.microsAt(local);
    try {
      while (true) {
        if (!pending && !ended) {
          Frame frame = lease.grabber().grabImage();
          if (frame == null || frame.image == null) {
            ended = true;
          } else {
            pending = true;
            pendingMicros = frame.timestamp - zeroMicros;
            pendingFrame = frame;
          }
        }
        if (pending && (pendingMicros <= target + SLACK_MICROS || !shown)) {
          drawPending();
          continue;
        }
        break;
      }
    } catch (FrameGrabber.Exception e) {
      lease.discard();
      throw SourceMediaException.decodeFailed(clip.clipIndex(), source, FfmpegError.of(e, mark));
    }
    if (!shown) {
      throw SourceMediaException.decodeFailed(clip.clipIndex(), source,
          FfmpegError.of(new IOException("no video frame at or after the in point"), mark));
    }
    if (ended && target - lastMicros > END_TOLERANCE_MICROS + frameMicros()) {
      throw SourceMediaException.decodeFailed(clip.clipIndex(), source, FfmpegError.of(new IOException(String.format(
          Locale.ROOT, "video ends at %.3fs but the clip needs frames up to %.3fs",
          lastMicros / 1e6, target / 1e6)), mark));
    }
    return canvas;
  }

  private void drawPending() {
    drawFrame(pendingFrame);
    pendingFrame = null;
    lastMicros = pendingMicros;
    pending = false;
    shown = true;
  }

  private void drawFrame(@Nullable Frame frame) {
    if (frame == null || frame.image == null) {
      throw new IllegalStateException("grabber lost its frame for clip " + clip.clipIndex());
    }
    ByteBuffer image = (ByteBuffer) frame.image[0];
    // JavaCV limits the buffer to the luma plane; the chroma planes follow it in the same buffer.
    image.limit(image.capacity());
    canvas.draw(image, frame.imageWidth, frame.imageHeight, frame.imageStride, clip.rotation());
  }

  private long frameMicros() {
    return clip.sourceFps() > 0 ? Math.round(1e6 / clip.sourceFps()) : 0;
  }

  @Override
  public void close() {
    lease.close();
  }
}
