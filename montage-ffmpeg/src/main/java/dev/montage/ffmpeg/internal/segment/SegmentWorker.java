package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.spi.SegmentResult;
import dev.montage.ffmpeg.internal.plan.MemoryBudget;
import java.nio.file.Path;

/**
 * The worker's entry point: renders one {@link SegmentRenderTask} given only the work directory and
 * a {@link WorkerContext}. The local executor and any remote one reach segments through here, so
 * the in-process path and a remote path are the same code.
 */
public final class SegmentWorker {

  private SegmentWorker() {}

  /** Renders {@code task} into {@code workDir}; gives freed native memory back afterwards. */
  public static SegmentResult render(SegmentRenderTask task, Path workDir, WorkerContext context) {
    try {
      long frames = new SegmentWriter(context.pool(), context.canvases(), context.guard(), context.progress())
          .render(task.plan(), workDir, task.budget());
      return new SegmentResult(task.index(), frames);
    } finally {
      MemoryBudget.release();
    }
  }
}
