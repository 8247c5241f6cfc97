package dev.montage.ffmpeg.internal.read;

import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.compose.Canvas;
import dev.montage.ffmpeg.internal.compose.StillImage;
import dev.montage.ffmpeg.internal.media.FfmpegError;
import dev.montage.ffmpeg.internal.media.FfmpegLogTail;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.Motion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A still image as a clip: decoded once when the clip starts (its grabber is closed at once: an
 * image's demuxer has nothing more to give), turned upright, and drawn into the clip's canvas once, or every frame where it pans
 * and zooms. It is decoded at the size the planner gave it (the fitted size times the deepest zoom
 * of its motion, at most the image's own), so a 48-megapixel photo in a 1080p montage costs a few
 * megabytes.
 */
public final class StillReader implements ClipPicture {

  private final PlannedClip clip;
  private final Motion motion;
  private final StillImage image;
  private final Canvas canvas;
  private boolean drawn;

  private StillReader(PlannedClip clip, Motion motion, StillImage image, Canvas canvas) {
    this.clip = clip;
    this.motion = motion;
    this.image = image;
    this.canvas = canvas;
  }

  /** Decodes {@code clip}'s image for drawing into {@code canvas}. */
  public static StillReader open(CapturePool pool, PlannedClip clip, Canvas canvas) {
    Path source = Path.of(clip.source());
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    try (GrabberLease lease = pool.leaseSource(source, clip.clipIndex())) {
      FFmpegFrameGrabber grabber = lease.grabber();
      // The planner sized it: the fitted size times the deepest zoom, at most the image's own.
      grabber.setImageWidth(clip.fitWidth());
      grabber.setImageHeight(clip.fitHeight());
      Frame frame;
      try {
        frame = grabber.grabImage();
      } catch (FrameGrabber.Exception e) {
        lease.discard();
        throw SourceMediaException.decodeFailed(clip.clipIndex(), source, FfmpegError.of(e, mark));
      }
      if (frame == null || frame.image == null) {
        lease.discard();
        throw SourceMediaException.decodeFailed(clip.clipIndex(), source,
            FfmpegError.of(new IOException("the image could not be decoded"), mark));
      }
      // An image's demuxer has one picture and no seeking: a grabber that gave it has nothing left
      // for the next clip of the same image, so it is closed, not pooled.
      lease.discard();
      ByteBuffer pixels = (ByteBuffer) frame.image[0];
      pixels.limit(pixels.capacity()); // JavaCV limits the buffer to the luma plane
      StillImage image = StillImage.of(pixels, frame.imageWidth, frame.imageHeight, frame.imageStride, clip.rotation());
      canvas.clear();
      return new StillReader(clip, clip.motion(), image, canvas);
    }
  }

  @Override
  public Canvas frameAt(long local) {
    if (motion.moves()) {
      long last = Math.max(1, clip.frameCount() - 1);
      image.draw(canvas, motion.at(local / (double) last));
    } else if (!drawn) {
      image.draw(canvas, motion.from());
    }
    drawn = true;
    return canvas;
  }

  @Override
  public Canvas canvas() {
    return canvas;
  }
}
