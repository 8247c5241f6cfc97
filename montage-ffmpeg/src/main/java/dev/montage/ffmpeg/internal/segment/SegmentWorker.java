package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.spi.SegmentResult;
import dev.montage.ffmpeg.internal.plan.MemoryBudget;
import java.nio.file.Path;
import java.util.List;

/**
 * The worker's entry point: renders one {@link SegmentRenderTask} given only the work directory and
 * a {@link WorkerContext}. The local executor and any remote one reach segments through here, so
 * the in-process path and a remote path are the same code.
 */
public final class SegmentWorker {

  private SegmentWorker() {}

  /**
   * Renders {@code task} into {@code workDir} under attempt names and moves them onto the plan's
   * names once complete (see {@link AttemptFiles}); gives freed native memory back afterwards.
   */
  public static SegmentResult render(SegmentRenderTask task, Path workDir, WorkerContext context) {
    AttemptFiles attempt = AttemptFiles.of(task.plan(), workDir);
    try {
      List<String> damage = new SegmentWriter(context.pool(), context.canvases(), context.guard(), context.progress())
          .render(task.plan(), attempt, task.budget(), task.onDamage());
      attempt.commit(task.plan(), workDir);
      return new SegmentResult(task.index(), task.plan().frameCount(), damage);
    } catch (RuntimeException | Error e) {
      attempt.discard(e);
      throw e;
    } finally {
      MemoryBudget.release();
    }
  }
}
