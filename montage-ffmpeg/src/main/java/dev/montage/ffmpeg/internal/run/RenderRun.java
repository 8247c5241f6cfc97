package dev.montage.ffmpeg.internal.run;

import dev.montage.core.CancellationToken;
import dev.montage.core.EncodingException;
import dev.montage.core.InvalidJobException;
import dev.montage.core.Isolation;
import dev.montage.core.MontageException;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import dev.montage.core.internal.TimelineFrames;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.execute.StopSignal;
import dev.montage.ffmpeg.internal.execute.TempScope;
import dev.montage.ffmpeg.internal.isolate.SharedWorkerPools;
import dev.montage.ffmpeg.internal.isolate.WorkerPool;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One render of one job, start to finish: check the output, plan the job ({@link JobPlanner}: probe,
 * resolve, place, decide the copy), make the video along the chosen path ({@link PathRenderer}), then
 * join, verify and move it into place ({@link OutputCommit}). The temp scope, the capture pool and
 * any worker processes are closed on every path, so a failed or cancelled job leaves neither files
 * nor open grabbers nor child processes.
 */
public final class RenderRun {

  private final MontageJob job;
  private final RunOptions options;
  private final RunSizing sizing;

  private RenderRun(MontageJob job, RunOptions options) {
    if (options.isolation() == Isolation.PROCESS && options.segmentExecutor().isPresent()) {
      throw InvalidJobException.of(List.of("isolation(PROCESS) and a segment executor cannot be combined: the "
          + "executor runs segments where it chooses, not in this JVM's worker processes; isolate on the "
          + "executor's side (a Spark executor is a process of its own) or leave one of them out"));
    }
    this.job = job;
    this.options = options;
    this.sizing = new RunSizing(job, options);
  }

  /** Renders {@code job} with {@code options}; see {@link dev.montage.core.spi.MontageRenderer#render}. */
  public static RenderResult render(MontageJob job, RunOptions options) {
    return typed(job, "unexpected failure", run -> run.run(System.nanoTime()), options);
  }

  /** What rendering {@code job} with {@code options} would do; see {@link dev.montage.core.spi.MontageRenderer#plan}. */
  public static RenderPlan plan(MontageJob job, RunOptions options) {
    return typed(job, "unexpected failure while planning", RenderRun::explain, options);
  }

  private static <T> T typed(MontageJob job, String what, Function<RenderRun, T> step, RunOptions options) {
    try {
      return step.apply(new RenderRun(job, options));
    } catch (MontageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw EncodingException.failed(-1, job.output().path(), what, e);
    } catch (LinkageError | OutOfMemoryError e) {
      throw Failures.fatal(what, job.output().path(), e);
    }
  }

  /** The render as one sequence: plan, the video path the plan chose, then the one tail. */
  private RenderResult run(long started) {
    Path target = job.output().path().toAbsolutePath().normalize();
    OutputCommit.checkOutputDir(target);
    OutputCommit.checkNotASource(target, job);
    CancellationToken token = options.cancellation().orElseGet(CancellationToken::create);
    StopSignal stop = StopSignal.of(token, job.settings().timeout(), started, System::nanoTime);
    RenderGuard guard = new RenderGuard(stop, System::nanoTime);
    Path workRoot = options.segmentExecutor().flatMap(SegmentExecutor::workRoot).orElse(job.settings().tempDir());
    try (TempScope scope = TempScope.create(workRoot); CapturePool pool = sizing.openPool();
        WorkerPool workers = new WorkerPool(scope.dir(), sizing.workerNativeBytes())) {
      JobPlanner planner = new JobPlanner(job, pool, guard, isolation(workers, scope, stop), scope);
      try (CapturePool.Limits readers = planningLimits(planner, pool)) {
        JobPlan plan = planner.plan(sizing);
        if (plan.copy().copied().isEmpty()) {
          readers.close(); // the job decodes
        }
        RunContext run = new RunContext(target, plan, sizing, scope, pool, guard, stop, started);
        PathRenderer paths = new PathRenderer(job, options, run, isolated(workers));
        return new OutputCommit(job.output(), run).finish(paths.render(plan.path()));
      }
    } catch (MontageException e) {
      throw stop.explain(e);
    }
  }

  /** The worker processes this run decodes in: the host's shared ones where given, else the job's own; null in process. */
  private @Nullable WorkerPool isolated(WorkerPool own) {
    if (options.isolation() != Isolation.PROCESS) {
      return null;
    }
    try {
      return options.workerProcesses().map(shared -> SharedWorkerPools.of(shared, sizing.workerNativeBytes()))
          .orElse(own);
    } catch (IllegalStateException e) {
      throw EncodingException.failed(-1, job.output().path(), "the WorkerProcesses given to this run are closed;"
          + " pass open ones, or none for the job's own", e);
    }
  }

  private JobPlanner.@Nullable IsolatedProbing isolation(WorkerPool own, TempScope scope, BooleanSupplier stop) {
    WorkerPool isolated = isolated(own);
    return isolated == null ? null : new JobPlanner.IsolatedProbing(isolated, scope, stop);
  }

  /** The plan in words: what {@link #run} would do, without rendering (probing in workers with isolation). */
  private RenderPlan explain() {
    OutputFormat format = sizing.format();
    CancellationToken token = options.cancellation().orElseGet(CancellationToken::create);
    RenderGuard guard = new RenderGuard(token::isCancelled, System::nanoTime);
    Path workRoot = job.settings().tempDir();
    try (TempScope scope = TempScope.create(workRoot); CapturePool pool = sizing.openPool();
        WorkerPool workers = new WorkerPool(scope.dir(), sizing.workerNativeBytes())) {
      JobPlanner planner = new JobPlanner(job, pool, guard, isolation(workers, scope, token::isCancelled), null);
      JobPlan plan;
      try (CapturePool.Limits readers = planningLimits(planner, pool)) {
        plan = planner.plan(sizing);
      }
      int segments = plan.path().segments().size();
      RenderResult.Audio audio = plan.audio().outcome(format, PathRenderer.audioCodec(job.output()));
      return plan.copy().copied()
          .map(copy -> PlanExplanation.copied(plan.clips(), copy, segments, plan.encoder(), format.fps(), audio))
          .orElseGet(() -> new RenderPlan(RenderResult.RenderMode.REENCODE, segments, plan.timeline().totalFrames(),
              TimelineFrames.duration(plan.timeline().totalFrames(), format.fps()), plan.encoder(), audio,
              PlanExplanation.reencoded(plan.clips(), plan.sources(), format, plan.copy().whyNot(),
                  plan.copiedInto())));
    }
  }

  /**
   * The pool's limits while planning: a copy reads every source's packets again and again
   * (planning, video, audio), so where the job may be copied every source's grabber is kept.
   */
  private CapturePool.Limits planningLimits(JobPlanner planner, CapturePool pool) {
    return planner.mayCopy() ? sizing.readPackets(pool, JobPlanner.distinctSources(job))
        : pool.limit(pool.maxOpen(), pool.maxIdle());
  }
}
