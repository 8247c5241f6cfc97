package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.SourceAccess;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.compose.CanvasPool;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.plan.MemoryBudget;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * What segment tasks running in one {@link SegmentEnvironment} share: their own capture pool and
 * canvas pool (so nothing is shared with the process that planned the job), progress reported
 * through the environment's narrow callback, and cancellation observed through its narrow check.
 * Created once per environment through {@link SegmentEnvironment#shared}; closed by the
 * environment's owner when it ends, which closes every grabber the pool still holds.
 */
public final class WorkerContext implements AutoCloseable {

  /** Grabbers a segment may hold at once: video and audio of two clips during a transition, and one spare. */
  static final int GRABBERS_PER_SEGMENT = 5;

  private final CapturePool pool;
  private final CanvasPool canvases;
  private final RenderGuard guard;
  private final LongConsumer progress;
  private final AtomicBoolean closed = new AtomicBoolean();

  private WorkerContext(CapturePool pool, CanvasPool canvases, RenderGuard guard, LongConsumer progress) {
    this.pool = pool;
    this.canvases = canvases;
    this.guard = guard;
    this.progress = progress;
  }

  /**
   * A context for up to {@code concurrentSegments} segments of {@code format} running in
   * {@code environment}, opening sources with {@code access}.
   */
  public static WorkerContext open(SegmentEnvironment environment, OutputFormat format, int concurrentSegments,
      SourceAccess access) {
    return open(environment, format, concurrentSegments, access, System::nanoTime);
  }

  /** As {@link #open(SegmentEnvironment, OutputFormat, int, SourceAccess)}, timing stalls on {@code nanoTime}. */
  public static WorkerContext open(SegmentEnvironment environment, OutputFormat format, int concurrentSegments,
      SourceAccess access, LongSupplier nanoTime) {
    CapturePool pool = new CapturePool(Math.max(1, concurrentSegments) * GRABBERS_PER_SEGMENT,
        MemoryBudget.idleGrabbers(format.width(), format.height()), CapturePool.DEFAULT_WAIT,
        CapturePool.DEFAULT_IDLE_TIMEOUT, System::nanoTime,
        new Decoding(format.sampleRate(), format.channels(), MemoryBudget.decoderThreads(), access));
    return new WorkerContext(pool, new CanvasPool(format.width(), format.height()),
        new RenderGuard(environment::cancelled, nanoTime), environment::framesDone);
  }

  CapturePool pool() {
    return pool;
  }

  CanvasPool canvases() {
    return canvases;
  }

  RenderGuard guard() {
    return guard;
  }

  LongConsumer progress() {
    return progress;
  }

  /** Closes the pool's grabbers; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pool.close();
    }
  }
}
