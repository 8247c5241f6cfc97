package dev.montage.ffmpeg.internal.capture;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Exclusive use of one pooled grabber until {@link #close()}. Call {@link #discard()} after a
 * failure so that the grabber is closed rather than reused.
 */
public final class GrabberLease implements AutoCloseable {

  private final CapturePool pool;
  private final TrackedGrabber grabber;
  private final AtomicBoolean returned = new AtomicBoolean();
  private volatile boolean reusable = true;

  GrabberLease(CapturePool pool, TrackedGrabber grabber) {
    this.pool = pool;
    this.grabber = grabber;
  }

  /** The leased grabber; valid until {@link #close()}. */
  public FFmpegFrameGrabber grabber() {
    if (returned.get()) {
      throw new IllegalStateException("lease on " + grabber.path() + " already returned");
    }
    return grabber.grabber();
  }

  /** The file the grabber reads. */
  public Path path() {
    return grabber.path();
  }

  /** Closes the grabber on return instead of keeping it for reuse. */
  public void discard() {
    reusable = false;
  }

  /** Returns the grabber to the pool; idempotent. */
  @Override
  public void close() {
    if (returned.compareAndSet(false, true)) {
      pool.release(grabber, reusable);
    }
  }
}
