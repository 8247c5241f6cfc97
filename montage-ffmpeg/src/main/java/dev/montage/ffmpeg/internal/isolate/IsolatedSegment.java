package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.ffmpeg.internal.segment.SegmentRenderTask;
import java.time.Duration;

/**
 * A segment task that, run by any executor in the host, renders in a worker process of its pool:
 * the local executor keeps its scheduling, limits and failure handling, and the decoding leaves
 * the host. Lives in the host only (it holds the pool), so it is never sent anywhere itself.
 */
final class IsolatedSegment implements SegmentTask {

  private static final long serialVersionUID = 1L;
  /** The stall budget of a task that is not a Montage segment: none. */
  private static final Duration UNBOUNDED = Duration.ofDays(365);

  private final SegmentTask task;
  private final transient WorkerPool pool;

  IsolatedSegment(SegmentTask task, WorkerPool pool) {
    this.task = task;
    this.pool = pool;
  }

  @Override
  public int index() {
    return task.index();
  }

  @Override
  public long frames() {
    return task.frames();
  }

  @Override
  public SegmentResult run(SegmentEnvironment environment) {
    return (SegmentResult) pool.run(SegmentCall.of(task), environment.workDir(), environment::framesDone,
        environment::cancelled, task instanceof SegmentRenderTask render ? render.budget() : UNBOUNDED);
  }
}
