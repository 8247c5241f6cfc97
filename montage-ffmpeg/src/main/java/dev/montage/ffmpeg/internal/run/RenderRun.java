package dev.montage.ffmpeg.internal.run;

import dev.montage.core.CancellationToken;
import dev.montage.core.Clip;
import dev.montage.core.EncodingException;
import dev.montage.core.Isolation;
import dev.montage.core.MediaInfo;
import dev.montage.core.MontageException;
import dev.montage.core.MontageJob;
import dev.montage.core.MusicBed;
import dev.montage.core.OutputException;
import dev.montage.core.OutputSpec;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderSettings;
import dev.montage.core.VideoCodec;
import dev.montage.core.RunOptions;
import dev.montage.core.SourceMediaException;
import dev.montage.core.TextOverlay;
import dev.montage.core.internal.TimelineFrames;
import dev.montage.core.policy.Hardware;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.audio.DuckingEnvelope;
import dev.montage.ffmpeg.internal.audio.EncodedAudio;
import dev.montage.ffmpeg.internal.audio.TimelineAudio;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.execute.JobEnvironment;
import dev.montage.ffmpeg.internal.execute.LocalSegmentExecutor;
import dev.montage.ffmpeg.internal.execute.ProgressTracker;
import dev.montage.ffmpeg.internal.execute.StopSignal;
import dev.montage.ffmpeg.internal.execute.TempScope;
import dev.montage.ffmpeg.internal.isolate.WorkerPool;
import dev.montage.ffmpeg.internal.join.AudioSource;
import dev.montage.ffmpeg.internal.join.Remuxer;
import dev.montage.ffmpeg.internal.join.SegmentJoiner;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.output.OutputVerifier;
import dev.montage.ffmpeg.internal.compose.TextImage;
import dev.montage.ffmpeg.internal.plan.Caption;
import dev.montage.ffmpeg.internal.plan.CopyPlanner;
import dev.montage.ffmpeg.internal.plan.MemoryBudget;
import dev.montage.ffmpeg.internal.plan.SegmentPlan;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.SmartCut;
import dev.montage.ffmpeg.internal.plan.StillMotion;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.SourceFacts;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.Timeline;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import dev.montage.ffmpeg.internal.probe.PacketKeyframes;
import dev.montage.ffmpeg.internal.probe.SourceProber;
import dev.montage.ffmpeg.internal.segment.EncoderChoice;
import dev.montage.ffmpeg.internal.segment.SegmentRenderTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One render of one job, start to finish: check the output, probe every distinct source once,
 * plan the timeline and its segments, render segments on the executor, join them into a temp file
 * beside the output, move it into place atomically. The temp scope and the capture pool are closed
 * on every path, so a failed or cancelled job leaves neither files nor open grabbers.
 */
public final class RenderRun {

  private static final Logger LOG = LoggerFactory.getLogger(RenderRun.class);
  /** Output audio rate. */
  public static final int SAMPLE_RATE = 48_000;
  /** Output audio channels (stereo). */
  public static final int CHANNELS = 2;
  /** An out point may pass the container's duration by this much (rounding of durations). */
  static final long END_SLACK_MICROS = 50_000;
  /** The output's container duration may differ from the plan by AAC framing (one 1024-sample frame). */
  static final long VERIFY_TOLERANCE_MICROS = 100_000;
  /** Why a re-encoded job's audio is not copied. */
  private static final String REENCODED_AUDIO = "the video is re-encoded, so the audio is decoded and encoded with it";
  /** The stall budget of a step checked only for cancellation (probing is one native call). */
  private static final Duration UNBOUNDED = Duration.ofDays(365);

  private final MontageJob job;
  private final Map<Path, MediaInfo> probed = new HashMap<>();
  private final RenderSettings settings;
  private final RunOptions options;
  private final OutputSpec output;
  /** The job's worker processes with {@link Isolation#PROCESS}; null in process. */
  private @Nullable WorkerPool workerPool;
  /** Where the workers work (the job's temp dir), and the stop signal they heed; set with {@link #workerPool}. */
  private @Nullable Path workerDir;
  private BooleanSupplier workerStop = () -> false;
  /** The output's video codec: the job's or its container's, or, matching the sources, theirs once probed. */
  private VideoCodec codec;
  /** What choosing the codec could not honour (see {@link #matchSources}). */
  private final List<String> codecWarnings = new ArrayList<>();

  private RenderRun(MontageJob job, RunOptions options) {
    this.job = job;
    this.settings = job.settings();
    this.options = options;
    this.output = job.output();
    this.codec = settings.videoCodec().orElse(VideoCodec.forContainer(output.container()));
  }

  /** Renders {@code job} with {@code options}; see {@link dev.montage.core.spi.MontageRenderer#render}. */
  public static RenderResult render(MontageJob job, RunOptions options) {
    try {
      return new RenderRun(job, options).run();
    } catch (MontageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw EncodingException.failed(-1, job.output().path(), "unexpected failure", e);
    }
  }

  /** The render as one sequence: plan, the video path the plan chose, then the one tail. */
  private RenderResult run() {
    long started = System.nanoTime();
    Path target = output.path().toAbsolutePath().normalize();
    checkOutputDir(target);
    Hardware hardware = options.hardware().orElseGet(Hardware::detect);
    int workers = workers(hardware);
    CancellationToken token = options.cancellation().orElseGet(CancellationToken::create);
    StopSignal stop = StopSignal.of(token, settings.timeout(), started, System::nanoTime);
    try {
      return run(started, target, hardware, workers, stop);
    } catch (MontageException e) {
      throw stop.explain(e);
    }
  }

  private RenderResult run(long started, Path target, Hardware hardware, int workers, StopSignal stop) {
    OutputFormat format = format();
    RenderGuard guard = new RenderGuard(stop, System::nanoTime);
    Path workRoot = options.segmentExecutor().flatMap(SegmentExecutor::workRoot).orElse(settings.tempDir());
    try (TempScope scope = TempScope.create(workRoot); CapturePool pool = openPool(workers, format);
        WorkerPool isolated = new WorkerPool(scope.dir(), workerNativeBytes(format))) {
      if (options.isolation() == Isolation.PROCESS) {
        this.workerPool = isolated;
        this.workerDir = scope.dir();
        this.workerStop = stop;
      }
      Planned planned = planJob(pool, guard, workers, format);
      RunContext run = new RunContext(target, format, encoder(planned, hardware), segmentWorkers(workers), hardware,
          scope, pool, guard, stop, pool.maxOpen(), pool.maxIdle(), started);
      VideoPath path = VideoPath.of(planned.clips(), planned.timeline(), planned.copy().copied());
      JoinInput input;
      if (path instanceof VideoPath.Reencode reencode) {
        input = reencode(run, reencode);
      } else if (path instanceof VideoPath.StreamCopy copy) {
        input = streamCopy(run, copy);
      } else {
        input = smartCut(run, (VideoPath.SmartCut) path);
      }
      return finish(run, input);
    }
  }

  /** Segments of clips decoded and encoded on the executor; their PCM encoded once by the joiner. */
  private JoinInput reencode(RunContext run, VideoPath.Reencode path) {
    OutputFormat format = run.format();
    List<ResolvedClip> clips = path.clips();
    int perSegment = perSegment(clips.size(), run.workers(), format, run.hardware());
    int busyWorkers = Math.min(run.workers(), (clips.size() + perSegment - 1) / perSegment);
    EncoderSettings encoder = EncoderChoice.settings(settings, run.codec(), format.width(), format.height(),
        format.fps(), encoderThreads(run, busyWorkers));
    List<String> warnings = warn(EncoderChoice.unsupported(settings, run.codec(), format.width(), format.height(),
        format.fps()));
    List<SegmentPlan> plans = TimelinePlanner.segments(path.timeline(), clips, perSegment, format, encoder,
        segmentFiles());
    LOG.debug("rendering {} clips as {} segments of up to {} on {} workers with {} ({} threads)", clips.size(),
        plans.size(), perSegment, busyWorkers, encoder.codec(), encoder.threads());
    long total = path.timeline().totalFrames();
    ProgressTracker progress = new ProgressTracker(options.progressListener(), total, plans.size(), System::nanoTime);
    List<String> damage = renderSegments(plans, busyWorkers, run, progress);
    Path dir = run.scope().dir();
    List<VideoRun> runs = plans.stream()
        .map(plan -> new VideoRun(plan.videoPath(dir), 0, Long.MAX_VALUE, plan.firstFrame(), -1))
        .toList();
    List<Path> pcm = plans.stream().map(plan -> plan.audioPath(dir)).toList();
    return new JoinInput(runs, null, AudioCopy.Decision.no(REENCODED_AUDIO), () -> new EncodedAudio(pcm,
        output.music(), audioCodec(), ducking(path.timeline().clips(), format), settings.loudness().orElse(null)), total,
        plans.size(),
        encoder.codec(), RenderResult.RenderMode.REENCODE, concat(warnings, damage), progress,
        stepBudget(run));
  }

  /** The copied pieces as they are; the sources' AAC copied too where it can be. */
  private JoinInput streamCopy(RunContext run, VideoPath.StreamCopy path) {
    CopyPlanner.CopyPlan plan = path.plan();
    ProgressTracker progress = new ProgressTracker(options.progressListener(), plan.totalFrames(), 1,
        System::nanoTime);
    List<VideoRun> runs = copiedRuns(plan);
    // Sources from several encoders: the output's H.264 record holds all their parameter sets; HEVC
    // sources' sets are repeated in the stream where they change.
    SegmentJoiner.VideoTemplate template = !plan.joinsEncoders() ? null : plan.hevc()
        ? new SegmentJoiner.VideoTemplate(runs.get(0).file(), runs.get(0).clipIndex(), null, true)
        : new SegmentJoiner.VideoTemplate(runs.get(0).file(), runs.get(0).clipIndex(), plan.h264Config().bytes());
    return new JoinInput(runs, template, copiedAudio(run, plan), () -> timelineAudio(run, plan),
        plan.totalFrames(), 1, "copy", RenderResult.RenderMode.STREAM_COPY, warn(EncoderChoice.unusedByCopy(settings)),
        progress, stepBudget(run));
  }

  /** The pieces at off-keyframe cuts encoded as segments first, then joined with the copied GOPs. */
  private JoinInput smartCut(RunContext run, VideoPath.SmartCut path) {
    CopyPlanner.CopyPlan plan = path.plan();
    OutputFormat format = run.format();
    List<List<CopyPlanner.EncodePiece>> groups =
        SmartCut.groups(plan, perSegment(path.clips().size(), run.workers(), format, run.hardware()));
    int busyWorkers = Math.min(run.workers(), groups.size());
    EncoderSettings encoder = EncoderChoice.settings(settings, run.codec(), format.width(), format.height(),
        format.fps(), encoderThreads(run, busyWorkers))
        .forSplicing(plan.spliceProfile());
    if (!plan.hevc()) {
      encoder = encoder.withParameterSetId(plan.parameterSetId());
    }
    List<SegmentPlan> encoded = SmartCut.segments(groups, plan, path.clips(), encoder, format, segmentFiles());
    LOG.debug("smart cut: {} clips, {} encoded segments on {} workers", path.clips().size(), encoded.size(),
        busyWorkers);
    List<String> warnings = warn(EncoderChoice.unsupported(settings, run.codec(), format.width(), format.height(),
        format.fps()));
    ProgressTracker progress = new ProgressTracker(options.progressListener(), plan.totalFrames(), encoded.size(),
        System::nanoTime);
    CapturePool pool = run.pool();
    int readers = pool.maxIdle();
    pool.setLimits(run.decodingMaxOpen(), run.decodingMaxIdle()); // the pieces decode: idle decoders hold frames
    List<String> damage = renderSegments(encoded, busyWorkers, run, progress);
    Path dir = run.scope().dir();
    VideoRun firstCopied = copiedRuns(plan).get(0);
    // One record holds the sources' and the pieces' sets (the pieces' renumbered); for HEVC without
    // free ids, the sources' record, and the joiner repeats the pieces' sets in the stream.
    SmartCut.HevcJoin hevc = plan.hevc() ? SmartCut.hevcJoin(pool, plan, encoded, dir) : null;
    SegmentJoiner.VideoTemplate template = new SegmentJoiner.VideoTemplate(firstCopied.file(),
        firstCopied.clipIndex(), hevc != null ? hevc.record() : SmartCut.mergedConfig(pool, plan, encoded, dir),
        hevc != null && hevc.remap() == null);
    pool.setLimits(Math.max(run.decodingMaxOpen(), readers), readers); // packets are read again
    return new JoinInput(SmartCut.runs(plan, encoded, dir, hevc == null ? null : hevc.remap()), template,
        copiedAudio(run, plan),
        () -> timelineAudio(run, plan), plan.totalFrames(), encoded.size(), run.codec(),
        RenderResult.RenderMode.SMART_CUT, concat(warnings, damage), progress, stepBudget(run));
  }

  private static List<VideoRun> copiedRuns(CopyPlanner.CopyPlan plan) {
    return plan.pieces().stream()
        .filter(CopyPlanner.CopyPiece.class::isInstance)
        .map(piece -> ((CopyPlanner.CopyPiece) piece).run())
        .toList();
  }

  private AudioCopy.Decision copiedAudio(RunContext run, CopyPlanner.CopyPlan plan) {
    return audioDecision(run.pool(), plan, run.format());
  }

  /** Whether the sources' AAC is copied: never into WebM, which holds Opus. */
  private AudioCopy.Decision audioDecision(CapturePool pool, CopyPlanner.CopyPlan plan, OutputFormat format) {
    if (isWebm()) {
      return AudioCopy.Decision.no("a WebM output holds Opus, not the sources' AAC");
    }
    if (settings.loudness().isPresent()) {
      return AudioCopy.Decision.no("loudness normalisation measures the mix and changes its level");
    }
    return AudioCopy.decide(pool, plan.clips(), format, output.music());
  }

  /** The timeline's audio decoded to PCM, to be encoded by the joiner. */
  private AudioSource timelineAudio(RunContext run, CopyPlanner.CopyPlan plan) {
    Path pcm = run.scope().newFile("timeline", ".pcm");
    TimelineAudio.write(run.pool(), run.guard(), plan.clips(), run.format(), pcm, stepBudget(run));
    return new EncodedAudio(List.of(pcm), output.music(), audioCodec(), ducking(plan.clips(), run.format()),
        settings.loudness().orElse(null));
  }

  /**
   * The stall budget of the joiner's and the copy path's steps, whose units of work (a packet, a
   * chunk of samples) may each open and seek a source: the policy applied to the largest one.
   */
  private Duration stepBudget(RunContext run) {
    return budget(probed.values().stream().mapToLong(MediaInfo::sizeBytes).max().orElse(0), run.hardware());
  }

  /**
   * The one tail of every path: join into a {@code .part} beside the output (copied audio first,
   * encoded if the sources' audio falls short), read it back, move it into place, report.
   */
  private RenderResult finish(RunContext run, JoinInput input) {
    Path part = run.scope().register(partFile(run.target()));
    OutputFormat format = run.format();
    AudioCopy.Decision audio = input.audio();
    AudioCopy.Plan copied = audio.plan();
    if (copied != null) {
      try {
        joinInto(run, part, input, copied);
      } catch (AudioCopy.Shortfall e) {
        LOG.debug("copying audio failed, encoding it instead: {}", e.getMessage());
        deleteIfExists(part);
        audio = AudioCopy.Decision.no(String.valueOf(e.getMessage()));
      }
    }
    if (audio.plan() == null) {
      joinInto(run, part, input, input.encodedAudio().get());
    }
    long micros = Math.round(input.totalFrames() * 1e6 / format.fps());
    OutputVerifier.verify(run.pool(), part, videoCodec(), micros,
        VERIFY_TOLERANCE_MICROS + Math.round(2e6 / format.fps()), true);
    moveIntoPlace(part, run.target());
    run.scope().release(part);
    input.progress().finished();
    return new RenderResult(run.target(), TimelineFrames.duration(input.totalFrames(), format.fps()),
        input.totalFrames(), Duration.ofNanos(System.nanoTime() - run.startedNanos()), Math.max(1, input.segments()),
        input.encoder(), input.mode(), audio.outcome(format, audioCodec()), concat(codecWarnings, input.warnings()));
  }

  /** What rendering {@code job} would do; see {@link dev.montage.core.spi.MontageRenderer#plan}. */
  public static RenderPlan plan(MontageJob job) {
    try {
      return new RenderRun(job, RunOptions.defaults()).explain();
    } catch (MontageException e) {
      throw e;
    } catch (RuntimeException e) {
      throw EncodingException.failed(-1, job.output().path(), "unexpected failure while planning", e);
    }
  }

  /** The sources probed, the timeline placed and the copy decided, exactly as a render does it. */
  private record Planned(List<ResolvedClip> clips, Timeline timeline, CopyPlanner.CopyDecision copy) {}

  /**
   * Probes, resolves and places the clips and decides whether the job is copied. While that is open,
   * the pool keeps every source's grabber (the copy's planning reads their packets); it is narrowed
   * back when the job decodes after all.
   */
  private Planned planJob(CapturePool pool, RenderGuard guard, int workers, OutputFormat format) {
    int maxOpen = pool.maxOpen();
    int maxIdle = pool.maxIdle();
    if (copyAllowed()) {
      int readers = MemoryBudget.packetReaders(distinctSources(), format.width(), format.height());
      pool.setLimits(Math.max(maxOpen, readers), Math.max(maxIdle, readers));
    }
    probeSources(pool, guard, workers);
    if (settings.matchSourceCodec()) {
      matchSources();
    }
    List<ResolvedClip> clips = resolve(pool, guard);
    checkMusic(pool);
    Timeline timeline = TimelinePlanner.place(clips, format, job.transitions()).withCaptions(captions(format.fps()));
    CopyPlanner.CopyDecision copy = new CopyPlanner.CopyDecision(null, workerPool != null
        ? "process isolation decodes every source in worker processes, and a stream copy reads them in the host"
        : !settings.streamCopy() ? "stream copy is turned off"
        : !job.overlays().isEmpty() ? "texts over the montage need re-encoding"
        : "the output is " + videoCodec().displayName() + ": only H.264 and HEVC outputs copy the sources' video");
    if (copyAllowed()) {
      copy = CopyPlanner.decide(new PacketKeyframes(pool), clips, probed, format,
          new CopyPlanner.Rules(overlapFrames(timeline), noSmartCut(), videoCodec()));
      if (copy.copied().isPresent()
          && copy.copied().get().pieces().stream().noneMatch(CopyPlanner.CopyPiece.class::isInstance)) {
        copy = new CopyPlanner.CopyDecision(null, "no clip holds a whole GOP to copy");
      }
      if (settings.matchSourceCodec() && codec == VideoCodec.HEVC && !EncoderChoice.available(EncoderChoice.X265)
          && copy.copied().filter(plan -> !plan.encodes()).isEmpty()) {
        codecWarnings.add("the sources are HEVC, but this FFmpeg build has no HEVC encoder (libx265, GPL build) and"
            + " the job needs encoding (" + (copy.copied().isPresent() ? "cuts between IDR pictures"
            : copy.whyNot()) + "): encoded as H.264");
        LOG.warn("{}: {}", output.path(), codecWarnings.get(codecWarnings.size() - 1));
        codec = VideoCodec.H264;
        copy = new CopyPlanner.CopyDecision(null, "the sources are HEVC and the output H.264");
      }
      if (copy.copied().isEmpty()) {
        pool.setLimits(maxOpen, maxIdle);
      }
    }
    return new Planned(clips, timeline, copy);
  }

  /**
   * Why pieces between IDR frames cannot be encoded for a smart cut, in words; empty when they can
   * (the output's codec has its splice encoder: libx264 or libx265, both in the GPL build only).
   */
  private String noSmartCut() {
    if (!settings.smartCut()) {
      return "smart cut is turned off";
    }
    String encoder = spliceEncoder();
    return EncoderChoice.available(encoder) ? "" : "smart cut needs " + encoder + ", which only the GPL FFmpeg build"
        + " has (depend on montage-ffmpeg-gpl)";
  }

  /** The encoder of a smart cut's pieces: they sit between the sources' GOPs, so in the sources' codec. */
  private String spliceEncoder() {
    return codec == VideoCodec.HEVC ? EncoderChoice.X265 : EncoderChoice.X264;
  }

  /**
   * The output takes the codec every source shares where it is one a copy keeps (H.264 or HEVC) and
   * the container holds; otherwise the container's codec stays.
   */
  private void matchSources() {
    List<String> codecs = probed.values().stream().map(MediaInfo::videoCodec).distinct().toList();
    if (codecs.size() != 1) {
      return;
    }
    VideoCodec shared = switch (codecs.get(0)) {
      case "h264" -> VideoCodec.H264;
      case "hevc" -> VideoCodec.HEVC;
      default -> null;
    };
    if (shared != null && shared.fits(output.container())) {
      codec = shared;
    }
  }

  /**
   * The encoder that will run: none ({@code copy}) for a copy that encodes nothing, x264 or x265 for
   * smart cut's pieces (spliced between the sources' GOPs), else the codec's, on the GPU where the job
   * asks and it opens (see {@link EncoderChoice#choose}).
   */
  private String encoder(Planned planned, Hardware hardware) {
    Optional<CopyPlanner.CopyPlan> copied = planned.copy().copied();
    if (copied.isPresent()) {
      return copied.get().encodes() ? spliceEncoder() : "copy";
    }
    EncoderChoice.Choice choice = EncoderChoice.choose(codec, settings.hardwareEncoding(), hardware, output.width(),
        output.height(), output.frameRate());
    choice.warning().ifPresent(warning -> {
      codecWarnings.add(warning);
      LOG.warn("{}: {}", output.path(), warning);
    });
    return choice.encoder();
  }

  private RenderPlan explain() {
    Hardware hardware = options.hardware().orElseGet(Hardware::detect);
    int workers = workers(hardware);
    OutputFormat format = format();
    RenderGuard guard = new RenderGuard(() -> false, System::nanoTime);
    try (CapturePool pool = openPool(workers, format)) {
      Planned planned = planJob(pool, guard, workers, format);
      String encoder = encoder(planned, hardware);
      int segmentWorkers = segmentWorkers(workers);
      return planned.copy().copied()
          .map(copy -> PlanExplanation.copied(planned.clips(), copy,
              SmartCut.groups(copy, perSegment(planned.clips().size(), segmentWorkers, format, hardware)).size(),
              encoder, format.fps(), audioDecision(pool, copy, format).outcome(format, audioCodec())))
          .orElseGet(() -> new RenderPlan(RenderResult.RenderMode.REENCODE,
              segmentCount(planned, segmentWorkers, format, hardware, encoder), planned.timeline().totalFrames(),
              TimelineFrames.duration(planned.timeline().totalFrames(), format.fps()), encoder,
              AudioCopy.Decision.no(REENCODED_AUDIO).outcome(format, audioCodec()),
              PlanExplanation.reencoded(planned.clips(), probed, format, planned.copy().whyNot(),
                  copyAllowed() ? Optional.of(videoCodec()) : Optional.empty())));
    }
  }

  private int segmentCount(Planned planned, int workers, OutputFormat format, Hardware hardware, String encoder) {
    int perSegment = perSegment(planned.clips().size(), workers, format, hardware);
    EncoderSettings settingsOfOne = EncoderChoice.settings(settings, encoder, format.width(), format.height(),
        format.fps(), 1);
    return TimelinePlanner.segments(planned.timeline(), planned.clips(), perSegment, format, settingsOfOne,
        segmentFiles()).size();
  }

  /**
   * Segments planned to render at once: an executor's own slots (a cluster's, each with its own
   * memory) unless the job sets workers, else {@code hostWorkers}. Probing and the host's capture
   * pool stay sized by {@code hostWorkers}: they run here whatever the executor.
   */
  private int segmentWorkers(int hostWorkers) {
    OptionalInt slots = options.segmentExecutor().map(SegmentExecutor::slots).orElse(OptionalInt.empty());
    return settings.workers() == 0 && slots.isPresent() ? Math.max(1, slots.getAsInt()) : hostWorkers;
  }

  /** Segments this machine can render at once, by CPUs and by native memory for the output's frames. */
  private int workers(Hardware hardware) {
    int wanted = settings.workers() > 0 ? settings.workers()
        : Math.max(1, settings.threadSizing().workers(hardware.cpus()));
    int workers = MemoryBudget.workers(wanted, output.width(), output.height(), hardware.memoryBytes());
    if (workers < wanted) {
      LOG.debug("{} workers instead of {}: {}x{} frames need the native memory", workers, wanted,
          output.width(), output.height());
    }
    return workers;
  }

  /** Encoder threads per segment: an executor's CPUs per slot, else this machine's shared among the segments. */
  private int encoderThreads(RunContext run, int busyWorkers) {
    OptionalInt perSlot = options.segmentExecutor().map(SegmentExecutor::cpusPerSlot).orElse(OptionalInt.empty());
    return perSlot.isPresent() ? Math.max(1, perSlot.getAsInt())
        : MemoryBudget.encoderThreads(run.hardware().cpus(), busyWorkers);
  }

  private OutputFormat format() {
    return new OutputFormat(output.width(), output.height(), output.frameRate(), SAMPLE_RATE, CHANNELS);
  }

  private CapturePool openPool(int workers, OutputFormat format) {
    return new CapturePool(workers * 4 + 2, MemoryBudget.idleGrabbers(format.width(), format.height()),
        CapturePool.DEFAULT_WAIT, CapturePool.DEFAULT_IDLE_TIMEOUT, System::nanoTime,
        new Decoding(SAMPLE_RATE, CHANNELS, MemoryBudget.decoderThreads(), settings.sourceAccess()));
  }

  /**
   * The batch bounds a segment; a job shorter than workers x batch is split evenly so that every
   * worker gets a segment (on 2 cores, 2 segments of 1 encoder thread beat 1 of 2).
   */
  private int perSegment(int clipCount, int workers, OutputFormat format, Hardware hardware) {
    int batch = Math.max(1, settings.batchSizing().batchSize(format.width(), format.height(), hardware.memoryGb()));
    return Math.max(1, Math.min(batch, (clipCount + workers - 1) / workers));
  }

  /** Segment files are named in the job's temp directory, the work directory of its segment tasks. */
  private static TimelinePlanner.SegmentFiles segmentFiles() {
    return new TimelinePlanner.SegmentFiles() {
      @Override
      public String video(int index) {
        return String.format(Locale.ROOT, "segment-%05d.mp4", index);
      }

      @Override
      public String audio(int index) {
        return String.format(Locale.ROOT, "segment-%05d.pcm", index);
      }
    };
  }

  /**
   * Renders {@code plans} as portable tasks on the job's executor, in an environment rooted at the
   * temp scope whose shared worker context closes when they are done.
   */
  private List<String> renderSegments(List<SegmentPlan> plans, int busyWorkers, RunContext run,
      ProgressTracker progress) {
    WorkerPool isolated = workerPool;
    List<SegmentTask> tasks = plans.stream()
        .<SegmentTask>map(plan -> new SegmentRenderTask(plan, budget(plan.spanBytes(), run.hardware()), busyWorkers,
            settings.sourceAccess(), settings.onDamagedSource()))
        .map(task -> isolated == null ? task : isolated.isolate(task))
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

  private static List<String> concat(List<String> first, List<String> then) {
    List<String> all = new ArrayList<>(first);
    all.addAll(then);
    return all;
  }

  /** Logs {@code warnings}, if any, in one WARN line, and returns them for the result. */
  private List<String> warn(List<String> warnings) {
    if (!warnings.isEmpty()) {
      LOG.warn("{}: settings not honoured: {}", output.path(), String.join("; ", warnings));
    }
    return warnings;
  }

  /** Joins into {@code part}; Matroska goes through MP4 and a remux (see {@link Remuxer}). */
  private void joinInto(RunContext run, Path part, JoinInput input, AudioSource audio) {
    String container = containerFormat();
    SegmentJoiner joiner = new SegmentJoiner(run.pool(), run.guard());
    SegmentJoiner.Contents contents =
        new SegmentJoiner.Contents(input.runs(), input.template(), audio, run.format(), input.totalFrames());
    if (!container.equals("matroska") && !container.equals("webm")) {
      joiner.join(contents, container, part, input.budget(), input.progress()::add);
      return;
    }
    Path mp4 = run.scope().newFile("joined", ".mp4");
    joiner.join(contents, "mp4", mp4, input.budget(), input.progress()::add);
    Remuxer.remux(run.pool(), run.guard(), mp4, part, container, input.budget());
  }

  private static Path partFile(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".montage-"
        + UUID.randomUUID().toString().substring(0, 8) + ".part");
  }

  private Duration budget(long sourceBytes, Hardware hardware) {
    return settings.timeouts().timeout(sourceBytes / 1e6, output.width(), output.height(), hardware.gpuAvailable());
  }

  private static void checkOutputDir(Path target) {
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw OutputException.cannotWrite(target, null, "the directory " + dir + " does not exist; create it first");
    }
    if (!Files.isWritable(dir)) {
      throw OutputException.cannotWrite(target, null, "the directory " + dir + " is not writable");
    }
    if (Files.isDirectory(target)) {
      throw OutputException.cannotWrite(target, null, "it is a directory; name a file");
    }
  }

  /**
   * What one worker process may hold natively: two segments' frames (the estimate is a peak, not a
   * bound) and a reserve for the process itself (JVM, FFmpeg's libraries, the capture pool).
   */
  private static long workerNativeBytes(OutputFormat format) {
    return 2 * MemoryBudget.segmentBytes(format.width(), format.height()) + (512L << 20);
  }

  /**
   * Stream copy reads sources in the host, so it is off with process isolation; the sources' video
   * is copied into H.264 and HEVC outputs only.
   */
  private boolean copyAllowed() {
    return settings.streamCopy() && workerPool == null && job.overlays().isEmpty()
        && (videoCodec() == VideoCodec.H264 || videoCodec() == VideoCodec.HEVC);
  }

  /** The output's video codec (see {@link #codec}). */
  private VideoCodec videoCodec() {
    return codec;
  }

  private boolean isWebm() {
    return output.container().equals("webm");
  }

  /** Where the music bed drops under {@code clips}' own sound (nowhere without a ducked music bed). */
  private DuckingEnvelope ducking(List<PlannedClip> clips, OutputFormat format) {
    MusicBed music = output.music();
    if (music == null) {
      return DuckingEnvelope.NONE;
    }
    return DuckingEnvelope.of(clips, format, music.duckingDb(),
        Math.round(MusicBed.DUCK_ATTACK.toNanos() / 1e9 * format.sampleRate()),
        Math.round(MusicBed.DUCK_RELEASE.toNanos() / 1e9 * format.sampleRate()));
  }

  /** The encoded audio's codec: Opus in WebM, else AAC. */
  private EncodedAudio.Codec audioCodec() {
    return isWebm() ? EncodedAudio.Codec.OPUS : EncodedAudio.Codec.AAC;
  }

  private int distinctSources() {
    return (int) job.clips().stream().filter(clip -> clip.title() == null)
        .map(clip -> clip.source().toAbsolutePath().normalize()).distinct().count();
  }

  /**
   * Probes every distinct source once, {@code workers} at a time (opening and decoding a first
   * frame is CPU-bound: on 2 cores this halves the wait before the first frame is rendered).
   */
  private void probeSources(CapturePool pool, RenderGuard guard, int workers) {
    Map<Path, Integer> firstUse = new java.util.LinkedHashMap<>();
    for (int i = 0; i < job.clips().size(); i++) {
      if (job.clips().get(i).title() != null) {
        continue; // drawn, not read
      }
      firstUse.putIfAbsent(job.clips().get(i).source().toAbsolutePath().normalize(), i);
    }
    List<ProbeTask> tasks = firstUse.entrySet().stream()
        .map(entry -> new ProbeTask(entry.getKey().toString(), entry.getValue()))
        .toList();
    List<MediaInfo> infos = new LocalSegmentExecutor().executeAll(tasks, workers, task -> {
      guard.check(guard.watch("probing", task.clipIndex(), Path.of(task.path()), UNBOUNDED));
      WorkerPool isolated = workerPool;
      Path dir = workerDir;
      if (isolated != null && dir != null) {
        Duration stallBudget = settings.timeouts().timeout(new java.io.File(task.path()).length() / 1e6,
            output.width(), output.height(), false);
        return isolated.probe(Path.of(task.path()), task.clipIndex(), pool.decoding(), dir, workerStop, stallBudget);
      }
      return SourceProber.probe(pool, Path.of(task.path()), task.clipIndex());
    });
    for (int i = 0; i < tasks.size(); i++) {
      probed.put(Path.of(tasks.get(i).path()), infos.get(i));
    }
  }

  /** One source to probe, named by the first clip that uses it. */
  private record ProbeTask(String path, int clipIndex) implements java.io.Serializable {}

  private List<ResolvedClip> resolve(CapturePool pool, RenderGuard guard) {
    List<ResolvedClip> resolved = new ArrayList<>(job.clips().size());
    RenderGuard.Watch cancelOnly = guard.watch("probing", -1, output.path(), UNBOUNDED);
    for (int i = 0; i < job.clips().size(); i++) {
      guard.check(cancelOnly);
      Clip clip = job.clips().get(i);
      Clip.Title title = clip.title();
      if (title != null) {
        resolved.add(titleCard(i, clip, title));
        continue;
      }
      Path source = clip.source().toAbsolutePath().normalize();
      final int index = i;
      MediaInfo info = probed.computeIfAbsent(source, path -> SourceProber.probe(pool, path, index));
      if (clip.still()) {
        resolved.add(still(i, clip, source, info));
        continue;
      }
      if (info.duration().isZero()) {
        throw SourceMediaException.stillImage(i, clip.source());
      }
      long length = info.duration().toNanos() / 1000;
      long in = TimelineFrames.micros(clip.in());
      long out = clip.out() == null ? length : TimelineFrames.micros(clip.out());
      if (in >= length) {
        throw SourceMediaException.pastEnd(i, clip.source(), "in", in / 1e6, length / 1e6);
      }
      if (out > length + END_SLACK_MICROS) {
        throw SourceMediaException.pastEnd(i, clip.source(), "out", out / 1e6, length / 1e6);
      }
      out = Math.min(out, length);
      SourceFacts facts = new SourceFacts(info.rotation(), info.width(), info.height(), info.hasAudio(),
          info.frameRate(), length, info.sizeBytes());
      resolved.add(new ResolvedClip(i, source.toString(), in, out, facts, clip.linearGain(), clip.speed(), null, null));
    }
    return resolved;
  }

  /**
   * A still image shown for its clip's duration: silent (whatever the file holds), its first
   * picture, turned by its orientation.
   */
  private static ResolvedClip still(int index, Clip clip, Path source, MediaInfo info) {
    long length = TimelineFrames.micros(java.util.Objects.requireNonNull(clip.out(), "a still's duration"));
    SourceFacts facts = new SourceFacts(info.rotation(), info.width(), info.height(), false, info.frameRate(), length,
        info.sizeBytes());
    return new ResolvedClip(index, source.toString(), 0, length, facts, 0, 1, StillMotion.of(clip.panZoom()), null);
  }

  /** A title card: drawn at the output's size for its clip's duration, silent. */
  private ResolvedClip titleCard(int index, Clip clip, Clip.Title title) {
    checkDrawable(index, title.text());
    long length = TimelineFrames.micros(java.util.Objects.requireNonNull(clip.out(), "a title's duration"));
    SourceFacts facts = new SourceFacts(0, output.width(), output.height(), false, output.frameRate(), length, 0);
    return new ResolvedClip(index, Clip.TITLE_SOURCE.toString(), 0, length, facts, 0, 1, null,
        new Caption(title.text(), title.style(), 0, 0));
  }

  /** The texts over the montage, on the output's frames (each edge rounded to the nearest frame). */
  private List<Caption> captions(double fps) {
    List<Caption> captions = new ArrayList<>();
    for (TextOverlay overlay : job.overlays()) {
      checkDrawable(-1, overlay.text());
      captions.add(new Caption(overlay.text(), overlay.style(),
          TimelineFrames.transitionFrames(TimelineFrames.micros(overlay.from()), fps),
          TimelineFrames.transitionFrames(TimelineFrames.micros(overlay.to()), fps)));
    }
    return captions;
  }

  /** Fails before anything renders when the bundled fonts lack a character of {@code text}: it would show as a box. */
  private void checkDrawable(int clipIndex, String text) {
    if (!TextImage.drawable(text)) {
      throw EncodingException.failed(clipIndex, output.path(), "the text '" + text + "' has characters the bundled"
          + " fonts cannot draw (they cover Latin, Greek, Cyrillic, Arabic and Hebrew); they would show as boxes", null);
    }
  }

  /** Frames of every transition on {@code timeline} together: 0 when every boundary is a cut. */
  private static int overlapFrames(Timeline timeline) {
    return (int) Math.min(Integer.MAX_VALUE, timeline.clips().stream().mapToLong(clip -> clip.entrance().frames()).sum());
  }

  private void checkMusic(CapturePool pool) {
    MusicBed music = output.music();
    if (music == null) {
      return;
    }
    Path source = music.source();
    if (!Files.isRegularFile(source)) {
      throw SourceMediaException.missing(-1, source);
    }
    try (GrabberLease lease = pool.leaseSource(source, -1)) {
      if (!lease.grabber().hasAudio()) {
        throw SourceMediaException.corrupt(-1, source, new IOException("the music file has no audio stream"));
      }
    }
  }

  private String containerFormat() {
    return switch (output.container()) {
      case "mkv" -> "matroska";
      case "webm" -> "webm";
      case "mov" -> "mov";
      default -> "mp4";
    };
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw OutputException.writeFailed(-1, file, e);
    }
  }

  private static void moveIntoPlace(Path part, Path target) {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw OutputException.cannotWrite(target, e, "check permissions of the output directory");
    }
  }
}
