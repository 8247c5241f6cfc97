package dev.montage.ffmpeg.internal.capture;

import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FrameFilter;

/**
 * The one owner of an {@link FFmpegFrameFilter} (a native filter graph), counted in the
 * {@link NativeLedger} from construction, before {@code start()}, so that a filter that fails to
 * start is released on the same path as one that ran.
 */
public final class TrackedFilter implements AutoCloseable {

  private final FFmpegFrameFilter filter;
  private final long ledgerId;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Takes ownership of {@code filter}; {@code description} names it in leak reports. */
  public TrackedFilter(FFmpegFrameFilter filter, String description) {
    this.filter = filter;
    this.ledgerId = NativeLedger.INSTANCE.opened("filter", description);
  }

  /** The filter, valid until {@link #close()}. */
  public FFmpegFrameFilter filter() {
    return filter;
  }

  /** Releases the filter graph; idempotent. */
  @Override
  public void close() throws FrameFilter.Exception {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      filter.release();
    } finally {
      NativeLedger.INSTANCE.closed(ledgerId);
    }
  }
}
