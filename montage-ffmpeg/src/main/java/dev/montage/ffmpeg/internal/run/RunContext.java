package dev.montage.ffmpeg.internal.run;

import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.execute.StopSignal;
import dev.montage.ffmpeg.internal.execute.TempScope;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one render carries from step to step, so that no step takes it apart into a dozen
 * parameters: the output, its plan and sizing, and the scope, pool and guard the render owns.
 *
 * @param target the output path
 * @param plan what planning decided
 * @param sizing workers, segments, threads and budgets for this machine
 * @param scope the job's temp files
 * @param pool the job's grabbers (probing, planning, joining, reading back)
 * @param guard cancellation and stall checks
 * @param stop whether the job must stop: cancelled, or past its overall timeout
 * @param startedNanos when the render started
 */
record RunContext(Path target, JobPlan plan, RunSizing sizing, TempScope scope, CapturePool pool, RenderGuard guard,
    StopSignal stop, long startedNanos) {

  /** The output's frames and sound. */
  OutputFormat format() {
    return sizing.format();
  }

  /**
   * The stall budget of the joiner's and the copy path's steps, whose units of work (a packet, a
   * chunk of samples) may each open and seek a source: the policy applied to the largest one.
   */
  Duration stepBudget() {
    return sizing.budget(plan.largestSourceBytes());
  }
}
