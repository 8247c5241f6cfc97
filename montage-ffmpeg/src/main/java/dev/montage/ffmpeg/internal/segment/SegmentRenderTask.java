package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.DamageResponse;
import dev.montage.core.SourceAccess;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.ffmpeg.internal.plan.SegmentPlan;
import java.time.Duration;
import java.util.Objects;

/**
 * The portable form of one segment: its plan (clips with resolved in points, format, encoder, file
 * names relative to the work directory), its time budget, and how many segments the planner meant
 * to run at once (which sizes the worker's capture pool). Nothing else: it holds no reference into
 * the process that planned it, so an executor may serialise it and run it anywhere the sources are.
 *
 * @param plan what to render
 * @param budget how long rendering it may take
 * @param concurrentSegments segments planned to run at once in one environment
 * @param sourceAccess what FFmpeg may open while reading the sources (the job's media sandbox)
 * @param onDamage what a damaged source does: reported in the result, or the segment fails
 */
public record SegmentRenderTask(SegmentPlan plan, Duration budget, int concurrentSegments, SourceAccess sourceAccess,
    DamageResponse onDamage) implements SegmentTask {

  private static final long serialVersionUID = 1L;

  /** Checks for nulls. */
  public SegmentRenderTask {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(sourceAccess, "sourceAccess");
    Objects.requireNonNull(onDamage, "onDamage");
  }

  @Override
  public int index() {
    return plan.index();
  }

  @Override
  public long frames() {
    return plan.frameCount();
  }

  /** Renders through {@link SegmentWorker#render}, with the environment's shared {@link WorkerContext}. */
  @Override
  public SegmentResult run(SegmentEnvironment environment) {
    WorkerContext context = environment.shared(WorkerContext.class,
        () -> WorkerContext.open(environment, plan.format(), concurrentSegments, sourceAccess));
    return SegmentWorker.render(this, environment.workDir(), context);
  }
}
