package dev.montage.ffmpeg.internal.run;

import dev.montage.core.MontageJob;
import dev.montage.core.MusicBed;
import dev.montage.core.OutputSpec;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderSettings;
import dev.montage.core.RunOptions;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.audio.DuckingEnvelope;
import dev.montage.ffmpeg.internal.audio.EncodedAudio;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.execute.JobEnvironment;
import dev.montage.ffmpeg.internal.execute.LocalSegmentExecutor;
import dev.montage.ffmpeg.internal.execute.ProgressTracker;
import dev.montage.ffmpeg.internal.isolate.CopyJoinCall;
import dev.montage.ffmpeg.internal.isolate.WorkerPool;
import dev.montage.ffmpeg.internal.output.CopyJoin;
import dev.montage.ffmpeg.internal.output.JoinedOutput;
import dev.montage.ffmpeg.internal.plan.CopyPlanner;
import dev.montage.ffmpeg.internal.plan.MemoryBudget;
import dev.montage.ffmpeg.internal.plan.SegmentPlan;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import dev.montage.ffmpeg.internal.segment.EncoderChoice;
import dev.montage.ffmpeg.internal.segment.SegmentRenderTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the output's video along the path its plan chose (re-encode, stream copy or smart cut) and
 * hands the join what it needs: the video runs, the audio (copied or encoded) and what to report.
 */
final class PathRenderer {

  private static final Logger LOG = LoggerFactory.getLogger(PathRenderer.class);

  private final MontageJob job;
  private final RenderSettings settings;
  private final OutputSpec output;
  private final RunOptions options;
  private final RunContext run;
  /** The job's worker processes with process isolation; null in process. */
  private final @Nullable WorkerPool isolated;

  PathRenderer(MontageJob job, RunOptions options, RunContext run, @Nullable WorkerPool isolated) {
    this.job = job;
    this.settings = job.settings();
    this.output = job.output();
    this.options = options;
    this.run = run;
    this.isolated = isolated;
  }

  /** The video along {@code path}, ready to join. */
  JoinInput render(VideoPath path) {
    if (path instanceof VideoPath.Reencode reencode) {
      return reencode(reencode);
    }
    if (path instanceof VideoPath.StreamCopy copy) {
      return streamCopy(copy);
    }
    return smartCut((VideoPath.SmartCut) path);
  }

  /** Segments of clips decoded and encoded on the executor; their PCM encoded once by the joiner. */
  private JoinInput reencode(VideoPath.Reencode path) {
    List<SegmentPlan> plans = path.segments();
    EncoderSettings encoder = plans.get(0).encoder();
    LOG.debug("rendering {} segments on {} workers with {} ({} threads)", plans.size(), path.workers(),
        encoder.codec(), encoder.threads());
    long total = path.timeline().totalFrames();
    ProgressTracker progress = new ProgressTracker(options.progressListener(), total, plans.size(), System::nanoTime);
    List<String> warnings = concat(unsupported(), renderSegments(plans, path.workers(), progress));
    Path dir = run.scope().dir();
    List<VideoRun> runs = plans.stream()
        .map(plan -> new VideoRun(plan.videoPath(dir), 0, Long.MAX_VALUE, plan.firstFrame(), -1))
        .toList();
    List<Path> pcm = plans.stream().map(plan -> plan.audioPath(dir)).toList();
    JoinedOutput.Parts parts = new JoinedOutput.Parts(runs, null, run.plan().audio(), () -> new EncodedAudio(pcm,
        output.music(), audioCodec(output), ducking(path.timeline().clips()), settings.loudness().orElse(null),
        run.plan().musicPcm()), run.format(), total);
    return new JoinInput(target -> JoinedOutput.write(here(), parts, target), total, plans.size(), encoder.codec(),
        RenderResult.RenderMode.REENCODE, warnings, progress, run.stepBudget());
  }

  /** The copied pieces as they are; the sources' AAC copied too where it can be. */
  private JoinInput streamCopy(VideoPath.StreamCopy path) {
    CopyPlanner.CopyPlan plan = path.plan();
    ProgressTracker progress = new ProgressTracker(options.progressListener(), plan.totalFrames(), 1,
        System::nanoTime);
    return new JoinInput(copyJoin(plan, List.of()), plan.totalFrames(), 1, "copy",
        RenderResult.RenderMode.STREAM_COPY, warn(EncoderChoice.unusedByCopy(settings)), progress, run.stepBudget());
  }

  /** The pieces at off-keyframe cuts encoded as segments first, then joined with the copied GOPs. */
  private JoinInput smartCut(VideoPath.SmartCut path) {
    CopyPlanner.CopyPlan plan = path.plan();
    List<SegmentPlan> encoded = path.segments();
    LOG.debug("smart cut: {} clips, {} encoded segments on {} workers", plan.clips().size(), encoded.size(),
        path.workers());
    ProgressTracker progress = new ProgressTracker(options.progressListener(), plan.totalFrames(), encoded.size(),
        System::nanoTime);
    CapturePool pool = run.pool();
    List<String> warnings = unsupported();
    // The pieces decode: idle decoders hold frames, so the pool is narrowed while they render.
    try (CapturePool.Limits decoding = pool.limit(run.sizing().decodingMaxOpen(), run.sizing().decodingMaxIdle())) {
      warnings = concat(warnings, renderSegments(encoded, path.workers(), progress));
    }
    return new JoinInput(copyJoin(plan, encoded), plan.totalFrames(), encoded.size(), run.plan().encoder(),
        RenderResult.RenderMode.SMART_CUT, warnings, progress, run.stepBudget());
  }

  /**
   * Writes a copy's output: here, or with isolation in a worker process, so that the host reads no
   * source (its packets, its sound) even to copy it.
   */
  private Function<JoinedOutput.Target, AudioCopy.Decision> copyJoin(CopyPlanner.CopyPlan plan,
      List<SegmentPlan> encoded) {
    CopyJoin.Spec spec = new CopyJoin.Spec(plan, encoded, run.plan().audio(), CopyJoin.Sound.of(output.music(),
        audioCodec(output), ducking(plan.clips()), settings.loudness().orElse(null), run.plan().musicPcm()),
        run.format());
    Path dir = run.scope().dir();
    WorkerPool workers = isolated;
    if (workers == null) {
      return target -> JoinedOutput.write(here(), CopyJoin.parts(here(), spec, dir, run.stepBudget()), target);
    }
    return target -> (AudioCopy.Decision) workers.run(new CopyJoinCall(spec, target.file().toString(),
        target.container(), target.codec(), target.budget(), run.stepBudget(),
        run.sizing().packetReaders(JobPlanner.distinctSources(job)), run.pool().decoding()), dir, target.progress(),
        run.stop(), target.budget());
  }

  /** Where a join in this process works: the run's pool, guard and temp scope. */
  private JoinedOutput.Where here() {
    return new JoinedOutput.Where(run.pool(), run.guard(), run.scope()::newFile);
  }

  /**
   * Renders {@code plans} as portable tasks on the job's executor, in an environment rooted at the
   * temp scope whose shared worker context closes when they are done; returns what damaged sources
   * held.
   */
  private List<String> renderSegments(List<SegmentPlan> plans, int busyWorkers, ProgressTracker progress) {
    WorkerPool workers = isolated;
    List<SegmentTask> tasks = plans.stream()
        .<SegmentTask>map(plan -> new SegmentRenderTask(plan, run.sizing().budget(plan.spanBytes()), busyWorkers,
            settings.sourceAccess(), settings.onDamagedSource()))
        .map(task -> workers == null ? task : workers.isolate(task))
        .toList();
    SegmentExecutor executor = options.segmentExecutor().orElseGet(() -> new LocalSegmentExecutor(
        options.renderLimit(), MemoryBudget.segmentBytes(run.format().width(), run.format().height())));
    List<SegmentResult> results;
    try (JobEnvironment environment = new JobEnvironment(run.scope().dir(), progress::add, run.stop())) {
      results = executor.execute(tasks, busyWorkers, environment);
    }
    List<String> damage = results.stream().flatMap(result -> result.warnings().stream()).toList();
    if (!damage.isEmpty()) {
      LOG.warn("{}: rendered with held frames where sources are damaged: {}", output.path(), String.join("; ", damage));
    }
    return damage;
  }

  /** What the encoder cannot honour of the job's settings, logged. */
  private List<String> unsupported() {
    OutputFormat format = run.format();
    return warn(EncoderChoice.unsupported(settings, run.plan().encoder(), format.width(), format.height(),
        format.fps()));
  }

  /** Logs {@code warnings}, if any, in one WARN line, and returns them for the result. */
  private List<String> warn(List<String> warnings) {
    if (!warnings.isEmpty()) {
      LOG.warn("{}: settings not honoured: {}", output.path(), String.join("; ", warnings));
    }
    return warnings;
  }

  static List<String> concat(List<String> first, List<String> then) {
    List<String> all = new ArrayList<>(first);
    all.addAll(then);
    return all;
  }

  /** Where the music bed drops under {@code clips}' own sound (nowhere without a ducked music bed). */
  private DuckingEnvelope ducking(List<PlannedClip> clips) {
    MusicBed music = output.music();
    if (music == null) {
      return DuckingEnvelope.NONE;
    }
    OutputFormat format = run.format();
    return DuckingEnvelope.of(clips, format, music.duckingDb(),
        Math.round(MusicBed.DUCK_ATTACK.toNanos() / 1e9 * format.sampleRate()),
        Math.round(MusicBed.DUCK_RELEASE.toNanos() / 1e9 * format.sampleRate()));
  }

  /** The encoded audio's codec: Opus in WebM, else AAC. */
  static EncodedAudio.Codec audioCodec(OutputSpec output) {
    return output.container().equals("webm") ? EncodedAudio.Codec.OPUS : EncodedAudio.Codec.AAC;
  }
}
