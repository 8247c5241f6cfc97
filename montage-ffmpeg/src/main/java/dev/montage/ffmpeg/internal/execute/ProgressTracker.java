package dev.montage.ffmpeg.internal.execute;

import dev.montage.core.Progress;
import dev.montage.core.ProgressListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts frames done across segments and reports to the listener every {@link #INTERVAL_NANOS} or
 * every percent of the job, whichever comes first, plus once at the end. Thread-safe; the report is
 * made by whichever thread crosses the threshold, and reports never go backwards.
 */
public final class ProgressTracker {

  /** Reports at most five times a second. */
  static final long INTERVAL_NANOS = 200_000_000L;

  private final ProgressListener listener;
  private final long total;
  private final int segments;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong lastReport;
  private final AtomicLong lastReportedFrames = new AtomicLong();
  private final long step;
  /** Serialises delivery, so that two threads that both crossed a threshold report in order. */
  private final Object delivering = new Object();
  /** The frames of the last report delivered; guarded by {@link #delivering}. */
  private long delivered = -1;

  public ProgressTracker(ProgressListener listener, long total, int segments, LongSupplier nanoTime) {
    this.listener = listener;
    this.total = total;
    this.segments = segments;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.lastReport = new AtomicLong(startNanos);
    this.step = Math.max(1, total / 100);
  }

  /** Adds finished frames. */
  public void add(long frames) {
    long now = nanoTime.getAsLong();
    long value = done.addAndGet(frames);
    long last = lastReport.get();
    long reported = lastReportedFrames.get();
    boolean due = now - last >= INTERVAL_NANOS || value - reported >= step;
    if (due && value < total && lastReportedFrames.compareAndSet(reported, value)) {
      lastReport.set(now);
      synchronized (delivering) {
        if (value > delivered) { // a thread that crossed a later threshold may have got here first
          delivered = value;
          report(value, now);
        }
      }
    }
  }

  /** Reports completion. */
  public void finished() {
    synchronized (delivering) {
      delivered = total;
      listener.onProgress(new Progress(total, total, segments, segments, Duration.ZERO));
    }
  }

  private void report(long value, long now) {
    Duration eta = null;
    long elapsed = now - startNanos;
    if (value > 0 && elapsed > 0) {
      eta = Duration.ofNanos((long) (elapsed / (double) value * Math.max(0, total - value)));
    }
    // Segments run in parallel: report the one the frames done so far reach, as if they ran in order.
    int segment = (int) Math.min(segments, 1 + Math.min(value, total) * segments / Math.max(1, total));
    listener.onProgress(new Progress(Math.min(value, total), total, segment, segments, eta));
  }
}
