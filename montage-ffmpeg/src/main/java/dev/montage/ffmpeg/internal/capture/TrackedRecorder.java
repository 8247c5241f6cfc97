package dev.montage.ffmpeg.internal.capture;

import dev.montage.ffmpeg.internal.media.Failures;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.jspecify.annotations.Nullable;

/**
 * The one owner of an {@link FFmpegFrameRecorder}, counted in the {@link NativeLedger}. {@link
 * #finish()} writes the trailer; {@link #close()} releases (after finish, or instead of it on
 * failure, leaving a partial file the caller deletes).
 */
public final class TrackedRecorder implements AutoCloseable {

  private final FFmpegFrameRecorder recorder;
  private final Path path;
  private final long ledgerId;
  private final AtomicBoolean closed = new AtomicBoolean();

  public TrackedRecorder(FFmpegFrameRecorder recorder, Path path) {
    this.recorder = recorder;
    this.path = path;
    this.ledgerId = NativeLedger.INSTANCE.opened("recorder", path.toString());
  }

  public FFmpegFrameRecorder recorder() {
    return recorder;
  }

  public Path path() {
    return path;
  }

  /** Flushes the encoders and writes the trailer. */
  public void finish() throws FrameRecorder.Exception {
    recorder.stop();
  }

  /**
   * Closes after work that may have failed: a close failure is attached to {@code primary} when
   * there is one (never hiding it), else thrown as the typed write failure.
   */
  public void closeAfter(@Nullable Throwable primary) {
    try {
      close();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      if (primary != null) {
        primary.addSuppressed(e);
      } else {
        throw Failures.write(-1, path, "closing the output failed", e);
      }
    }
  }

  /** Releases native memory; idempotent. */
  @Override
  public void close() throws FrameRecorder.Exception {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      recorder.release();
    } finally {
      NativeLedger.INSTANCE.closed(ledgerId);
    }
  }
}
