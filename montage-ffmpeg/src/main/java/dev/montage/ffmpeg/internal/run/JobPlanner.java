package dev.montage.ffmpeg.internal.run;

import dev.montage.core.Clip;
import dev.montage.core.InvalidJobException;
import dev.montage.core.MediaInfo;
import dev.montage.core.MontageJob;
import dev.montage.core.MusicBed;
import dev.montage.core.OutputSpec;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderSettings;
import dev.montage.core.SourceMediaException;
import dev.montage.core.TextOverlay;
import dev.montage.core.VideoCodec;
import dev.montage.core.internal.TimelineFrames;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.compose.TextImage;
import dev.montage.ffmpeg.internal.execute.LocalSegmentExecutor;
import dev.montage.ffmpeg.internal.execute.TempScope;
import dev.montage.ffmpeg.internal.isolate.CopyFactsCall;
import dev.montage.ffmpeg.internal.isolate.MusicCall;
import dev.montage.ffmpeg.internal.isolate.WorkerPool;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.plan.Caption;
import dev.montage.ffmpeg.internal.plan.CopyPlanner;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyDecision;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SmartCut;
import dev.montage.ffmpeg.internal.plan.Motion;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.SourceFacts;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.Timeline;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.probe.AudioStreamFacts;
import dev.montage.ffmpeg.internal.probe.KeyframeIndex;
import dev.montage.ffmpeg.internal.probe.PacketKeyframes;
import dev.montage.ffmpeg.internal.probe.PipeSpool;
import dev.montage.ffmpeg.internal.probe.SourceProber;
import dev.montage.ffmpeg.internal.segment.EncoderChoice;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one job: probes every distinct source once, resolves each clip against its source, places
 * the clips on the output's frames, decides whether the video is copied, and chooses the codec and
 * encoder. Its reads of media go through the job's capture pool (or its worker processes); what it
 * returns is a {@link JobPlan}, data only.
 */
final class JobPlanner {

  private static final Logger LOG = LoggerFactory.getLogger(JobPlanner.class);
  /** An out point may pass the container's duration by this much (rounding of durations). */
  static final long END_SLACK_MICROS = 50_000;
  /** Segment files are named in the job's temp directory, the work directory of their tasks. */
  private static final TimelinePlanner.SegmentFiles SEGMENT_FILES = new TimelinePlanner.SegmentFiles() {
    @Override
    public String video(int index) {
      return String.format(Locale.ROOT, "segment-%05d.mp4", index);
    }

    @Override
    public String audio(int index) {
      return String.format(Locale.ROOT, "segment-%05d.pcm", index);
    }
  };
  /** Why a re-encoded job's audio is not copied. */
  static final String REENCODED_AUDIO = "the video is re-encoded, so the audio is decoded and encoded with it";
  /** The stall budget of a step checked only for cancellation (probing is one native call). */
  private static final Duration UNBOUNDED = Duration.ofDays(365);

  /**
   * Probing (and decoding the music bed) in the job's worker processes.
   *
   * @param workers the job's worker processes
   * @param scope where they work (the job's temp dir)
   * @param stop whether the job must stop
   */
  record IsolatedProbing(WorkerPool workers, TempScope scope, BooleanSupplier stop) {

    /** The workers' work dir. */
    Path workDir() {
      return scope.dir();
    }
  }

  private final MontageJob job;
  private final RenderSettings settings;
  private final OutputSpec output;
  private final CapturePool pool;
  private final RenderGuard guard;
  private final @Nullable IsolatedProbing isolated;
  /**
   * Where named pipes are copied before they are probed, when rendering; null when planning only (a
   * pipe reads once; a music bed is then only checked).
   */
  private final @Nullable TempScope spoolDir;
  private final Map<Path, MediaInfo> probed = new HashMap<>();
  /** Named pipes given as sources, and the copies in the work dir they are read from. */
  private final Map<Path, Path> spooled = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  /** The output's video codec: the job's or its container's, or, matching the sources, theirs once probed. */
  private VideoCodec codec;

  JobPlanner(MontageJob job, CapturePool pool, RenderGuard guard, @Nullable IsolatedProbing isolated,
      @Nullable TempScope spoolDir) {
    this.job = job;
    this.spoolDir = spoolDir;
    this.settings = job.settings();
    this.output = job.output();
    this.pool = pool;
    this.guard = guard;
    this.isolated = isolated;
    this.codec = settings.videoCodec().orElse(VideoCodec.forContainer(output.container()));
  }

  /** Distinct sources read from files (title cards are drawn): what a copy's pool keeps open. */
  static int distinctSources(MontageJob job) {
    return (int) job.clips().stream().filter(clip -> clip.title() == null)
        .map(clip -> clip.source().toAbsolutePath().normalize()).distinct().count();
  }

  /** Whether the video could be copied at all: decided before anything is read, as the pool's limits depend on it. */
  boolean mayCopy() {
    return settings.streamCopy() && job.overlays().isEmpty()
        && (codec == VideoCodec.H264 || codec == VideoCodec.HEVC);
  }

  /** Probes, resolves and places the clips, decides the copy and chooses the encoder on {@code sizing}'s machine. */
  JobPlan plan(RunSizing sizing) {
    OutputFormat format = sizing.format();
    probeSources(sizing.workers());
    if (settings.matchSourceCodec()) {
      matchSources();
    }
    List<ResolvedClip> clips = resolve();
    Timeline placed = TimelinePlanner.place(clips, format, job.transitions());
    List<Caption> captions = captions(format.fps());
    warnUnseenTexts(captions, placed.totalFrames(), format.fps());
    Timeline timeline = placed.withCaptions(captions);
    Path musicPcm = music(format, format.sampleAt(timeline.totalFrames()));
    boolean mayCopy = mayCopy();
    CopyDecision copy = mayCopy ? decideCopy(clips, timeline, format) : new CopyDecision(null, whyNoCopy());
    String encoder = encoder(copy, sizing);
    VideoPath path = path(clips, timeline, copy, encoder, sizing);
    AudioCopy.Decision audio = copy.copied().map(plan -> audioDecision(plan, format))
        .orElseGet(() -> AudioCopy.Decision.no(REENCODED_AUDIO));
    return new JobPlan(probed, clips, timeline, copy, mayCopy ? Optional.of(codec) : Optional.empty(), codec,
        encoder, path, audio, musicPcm, warnings);
  }

  /**
   * The video path {@code copy} leaves, with its segments: a job re-encoded in segments of up to the
   * batch's clips, a smart cut's encoded pieces grouped likewise, a stream copy without any; the
   * encoder's threads shared among the segments that render at once.
   */
  private VideoPath path(List<ResolvedClip> clips, Timeline timeline, CopyDecision copy, String encoder,
      RunSizing sizing) {
    OutputFormat format = sizing.format();
    int segmentWorkers = sizing.segmentWorkers();
    int perSegment = sizing.perSegment(clips.size(), segmentWorkers);
    Optional<CopyPlanner.CopyPlan> copied = copy.copied();
    if (copied.isEmpty()) {
      int busy = Math.min(segmentWorkers, (clips.size() + perSegment - 1) / perSegment);
      EncoderSettings encoding = EncoderChoice.settings(settings, encoder, format.width(), format.height(),
          format.fps(), sizing.encoderThreads(busy));
      return new VideoPath.Reencode(timeline,
          TimelinePlanner.segments(timeline, clips, perSegment, format, encoding, SEGMENT_FILES), busy);
    }
    CopyPlanner.CopyPlan plan = copied.get();
    if (!plan.encodes()) {
      return new VideoPath.StreamCopy(plan);
    }
    List<List<CopyPlanner.EncodePiece>> groups = SmartCut.groups(plan, perSegment);
    int busy = Math.min(segmentWorkers, groups.size());
    EncoderSettings encoding = EncoderChoice.settings(settings, encoder, format.width(), format.height(),
        format.fps(), sizing.encoderThreads(busy)).forSplicing(plan.spliceProfile());
    if (!plan.hevc()) {
      encoding = encoding.withParameterSetId(plan.parameterSetId());
    }
    return new VideoPath.SmartCut(plan, SmartCut.segments(groups, plan, clips, encoding, format, SEGMENT_FILES), busy);
  }

  /**
   * Whether the sources' AAC is copied beside the copied video: never into WebM, which holds Opus,
   * nor under loudness normalisation; else as their audio streams (read here) allow.
   */
  private AudioCopy.Decision audioDecision(CopyPlanner.CopyPlan plan, OutputFormat format) {
    if (output.container().equals("webm")) {
      return AudioCopy.Decision.no("a WebM output holds Opus, not the sources' AAC");
    }
    if (settings.loudness().isPresent()) {
      return AudioCopy.Decision.no("loudness normalisation measures the mix and changes its level");
    }
    Map<String, AudioStreamFacts> streams = new HashMap<>();
    if (output.music() == null) {
      List<PlannedClip> sounding = plan.clips().stream().filter(PlannedClip::hasAudio).toList();
      IsolatedProbing workers = isolated;
      if (workers != null) {
        streams.putAll(readInWorker(workers, List.of(), null, sounding.stream()
            .map(clip -> new KeyframeIndex.ClipSpan(clip.clipIndex(), clip.source(), 0, 0)).toList(), 0).audio());
      } else {
        for (PlannedClip clip : sounding) {
          if (!streams.containsKey(clip.source())) {
            AudioStreamFacts.read(pool, clip.source(), clip.clipIndex())
                .ifPresent(stream -> streams.put(clip.source(), stream));
          }
        }
      }
    }
    return AudioCopy.decide(streams, plan.clips(), format, output.music());
  }

  /**
   * The video streams of {@code spans}' sources, or with {@code streams} (those, read before) each
   * clip's IDR frames too: read here, or with isolation by a worker process.
   */
  private KeyframeIndex keyframes(List<KeyframeIndex.ClipSpan> spans, @Nullable KeyframeIndex streams, double fps) {
    IsolatedProbing workers = isolated;
    if (workers != null) {
      return readInWorker(workers, spans, streams, List.of(), fps).index();
    }
    PacketKeyframes packets = new PacketKeyframes(pool);
    return streams == null ? packets.streams(spans) : packets.index(streams, spans, fps);
  }

  /** What {@link CopyFactsCall} reads in one of {@code workers}, stopped as stalled after the policy's budget for all the sources. */
  private CopyFactsCall.Facts readInWorker(IsolatedProbing workers, List<KeyframeIndex.ClipSpan> video,
      @Nullable KeyframeIndex streams, List<KeyframeIndex.ClipSpan> audio, double fps) {
    long bytes = java.util.stream.Stream.concat(video.stream(), audio.stream()).map(KeyframeIndex.ClipSpan::source)
        .distinct().mapToLong(source -> new File(source).length()).sum();
    Duration budget = settings.timeouts().timeout(bytes / 1e6, output.width(), output.height(), false);
    return (CopyFactsCall.Facts) workers.workers().run(new CopyFactsCall(video, streams, fps, audio, pool.decoding()),
        workers.workDir(), frames -> { }, workers.stop(), budget);
  }

  private String whyNoCopy() {
    return !settings.streamCopy() ? "stream copy is turned off"
        : !job.overlays().isEmpty() ? "texts over the montage need re-encoding"
        : "the output is " + codec.displayName() + ": only H.264 and HEVC outputs copy the sources' video";
  }

  /**
   * The copy plan from the sources' keyframes, or why not; an HEVC copy that must encode falls back
   * to H.264 without x265. The sources' stream headers are read only where the probed facts allow a
   * copy, the packets near the cuts only where those streams can be joined; the decision itself
   * reads nothing.
   */
  private CopyDecision decideCopy(List<ResolvedClip> clips, Timeline timeline, OutputFormat format) {
    CopyPlanner.Rules rules = new CopyPlanner.Rules(overlapFrames(timeline), noSmartCut(), codec);
    Optional<String> refused = CopyPlanner.refusal(clips, probed, format, rules);
    if (refused.isPresent()) {
      return new CopyDecision(null, refused.get());
    }
    List<KeyframeIndex.ClipSpan> spans = CopyPlanner.spans(clips);
    KeyframeIndex streams = keyframes(spans, null, format.fps());
    Optional<String> unjoinable = CopyPlanner.streamRefusal(streams, clips, probed, codec);
    if (unjoinable.isPresent()) {
      return new CopyDecision(null, unjoinable.get());
    }
    KeyframeIndex keyframes = keyframes(spans, streams, format.fps());
    CopyDecision copy = CopyPlanner.decide(keyframes, clips, probed, format, rules);
    if (copy.copied().isPresent()
        && copy.copied().get().pieces().stream().noneMatch(CopyPlanner.CopyPiece.class::isInstance)) {
      return new CopyDecision(null, "no clip holds a whole GOP to copy");
    }
    if (settings.matchSourceCodec() && codec == VideoCodec.HEVC && !EncoderChoice.available(EncoderChoice.X265)
        && copy.copied().filter(plan -> !plan.encodes()).isEmpty()) {
      warn("the sources are HEVC, but this FFmpeg build has no HEVC encoder (libx265, GPL build) and the job needs"
          + " encoding (" + (copy.copied().isPresent() ? "cuts between IDR pictures" : copy.whyNot())
          + "): encoded as H.264");
      codec = VideoCodec.H264;
      return new CopyDecision(null, "the sources are HEVC and the output H.264");
    }
    return copy;
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
   * The encoder that will run: none ({@code copy}) for a copy that encodes nothing, x264 or x265 for
   * smart cut's pieces (spliced between the sources' GOPs), else the codec's, on the GPU where the job
   * asks and it opens (see {@link EncoderChoice#choose}).
   */
  private String encoder(CopyDecision copy, RunSizing sizing) {
    Optional<CopyPlanner.CopyPlan> copied = copy.copied();
    if (copied.isPresent()) {
      return copied.get().encodes() ? spliceEncoder() : "copy";
    }
    EncoderChoice.Choice choice = EncoderChoice.choose(codec, settings.hardwareEncoding(), sizing.hardware(),
        output.width(), output.height(), output.frameRate());
    choice.warning().ifPresent(this::warn);
    return choice.encoder();
  }

  private void warn(String warning) {
    warnings.add(warning);
    LOG.warn("{}: {}", output.path(), warning);
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
   * Probes every distinct source once, {@code workers} at a time (opening a file is CPU-bound: on 2
   * cores this halves the wait before the first frame is rendered).
   */
  private void probeSources(int workers) {
    Map<Path, Integer> firstUse = new LinkedHashMap<>();
    for (int i = 0; i < job.clips().size(); i++) {
      if (job.clips().get(i).title() == null) { // a title card is drawn, not read
        firstUse.putIfAbsent(readable(job.clips().get(i).source(), i), i);
      }
    }
    List<ProbeTask> tasks = firstUse.entrySet().stream()
        .map(entry -> new ProbeTask(entry.getKey().toString(), entry.getValue()))
        .toList();
    // A source that fails its probe fails the job: probes still running in worker processes are told
    // to stop (they see no interrupt) instead of running on to their stall budget.
    AtomicBoolean failed = new AtomicBoolean();
    List<MediaInfo> infos;
    try {
      infos = new LocalSegmentExecutor().executeAll(tasks, workers, task -> {
        try {
          return probe(task, failed::get);
        } catch (RenderCancelledException e) {
          throw e;
        } catch (RuntimeException | Error e) {
          failed.set(true);
          throw e;
        }
      });
    } catch (RenderCancelledException e) {
      throw failed.get() ? causeOf(e) : e;
    }
    for (int i = 0; i < tasks.size(); i++) {
      probed.put(Path.of(tasks.get(i).path()), infos.get(i));
    }
  }

  /**
   * The probe failure that stopped the others, where their cancellation was taken first (the failing
   * probe's thread can be slower to hand over its failure than a stopped worker is to answer): the
   * executor keeps it as suppressed.
   */
  private static RuntimeException causeOf(RenderCancelledException cancelled) {
    for (Throwable suppressed : cancelled.getSuppressed()) {
      if (suppressed instanceof RuntimeException failure && !(suppressed instanceof RenderCancelledException)) {
        return failure;
      }
    }
    return cancelled;
  }

  private MediaInfo probe(ProbeTask task, BooleanSupplier anotherFailed) {
    guard.check(guard.watch("probing", task.clipIndex(), Path.of(task.path()), UNBOUNDED));
    IsolatedProbing workers = isolated;
    if (workers != null) {
      Duration stallBudget = stallBudget(Path.of(task.path()));
      BooleanSupplier stop = workers.stop();
      return workers.workers().probe(Path.of(task.path()), task.clipIndex(), pool.decoding(), workers.workDir(),
          () -> stop.getAsBoolean() || anotherFailed.getAsBoolean(), stallBudget);
    }
    return SourceProber.probe(pool, Path.of(task.path()), task.clipIndex());
  }

  /**
   * The file clip {@code clipIndex}'s {@code source} is read from: itself, or for a named pipe its
   * copy in the work dir, made here on first use (see {@link PipeSpool}: a pipe that stalls fails the
   * job with a timeout naming the clip). Planning alone reads no pipe: that would consume it.
   */
  private Path readable(Path source, int clipIndex) {
    Path file = source.toAbsolutePath().normalize();
    Path copy = spooled.get(file);
    if (copy != null || !PipeSpool.isPipe(file)) {
      return copy != null ? copy : file;
    }
    TempScope dir = spoolDir;
    if (dir == null) {
      throw SourceMediaException.notAFile(clipIndex, file);
    }
    Path into = dir.newFile("pipe", "-" + file.getFileName());
    LOG.debug("clip {}: reading the named pipe {} into {}", clipIndex, file, into);
    PipeSpool.copy(file, clipIndex, into, settings.timeouts().timeout(0, output.width(), output.height(), false),
        guard::cancelled);
    spooled.put(file, into);
    return into;
  }

  /** The stall budget of a worker reading {@code source} whole: the timeout policy for its size. */
  private Duration stallBudget(Path source) {
    return settings.timeouts().timeout(new File(source.toString()).length() / 1e6, output.width(), output.height(),
        false);
  }

  /** One source to probe, named by the first clip that uses it. */
  private record ProbeTask(String path, int clipIndex) implements Serializable {}

  private List<ResolvedClip> resolve() {
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
      Path source = readable(clip.source(), i);
      final int index = i;
      MediaInfo info = probed.computeIfAbsent(source, path -> SourceProber.probe(pool, path, index));
      resolved.add(clip.still() ? still(i, clip, source, info) : video(i, clip, source, info));
    }
    return resolved;
  }

  /** A video clip, its in and out points checked against its source's length. */
  private static ResolvedClip video(int index, Clip clip, Path source, MediaInfo info) {
    if (info.duration().isZero()) {
      throw SourceMediaException.stillImage(index, clip.source());
    }
    long length = info.duration().toNanos() / 1000;
    long in = TimelineFrames.micros(clip.in());
    long out = clip.out() == null ? length : TimelineFrames.micros(clip.out());
    if (in >= length) {
      throw SourceMediaException.pastEnd(index, clip.source(), "in", in / 1e6, length / 1e6);
    }
    if (out > length + END_SLACK_MICROS) {
      throw SourceMediaException.pastEnd(index, clip.source(), "out", out / 1e6, length / 1e6);
    }
    SourceFacts facts = new SourceFacts(info.rotation(), info.width(), info.height(), info.hasAudio(),
        info.frameRate(), length, info.sizeBytes());
    return new ResolvedClip(index, source.toString(), in, Math.min(out, length), facts, clip.linearGain(),
        clip.speed(), false, Motion.of(clip.panZoom()), null);
  }

  /**
   * A still image shown for its clip's duration: silent (whatever the file holds), its first
   * picture, turned by its orientation.
   */
  private static ResolvedClip still(int index, Clip clip, Path source, MediaInfo info) {
    long length = TimelineFrames.micros(Objects.requireNonNull(clip.out(), "a still's duration"));
    SourceFacts facts = new SourceFacts(info.rotation(), info.width(), info.height(), false, info.frameRate(), length,
        info.sizeBytes());
    return new ResolvedClip(index, source.toString(), 0, length, facts, 0, 1, true, Motion.of(clip.panZoom()), null);
  }

  /** A title card: drawn at the output's size for its clip's duration, silent. */
  private ResolvedClip titleCard(int index, Clip clip, Clip.Title title) {
    checkDrawable(index, title.text());
    long length = TimelineFrames.micros(Objects.requireNonNull(clip.out(), "a title's duration"));
    SourceFacts facts = new SourceFacts(0, output.width(), output.height(), false, output.frameRate(), length, 0);
    return new ResolvedClip(index, Clip.TITLE_SOURCE.toString(), 0, length, facts, 0, 1, false, Motion.WHOLE,
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

  /**
   * Warns of texts that never show: shorter than a frame once rounded to the output's frames, or
   * starting after the montage ends (a computed time that went wrong; the job still renders).
   */
  private void warnUnseenTexts(List<Caption> captions, long totalFrames, double fps) {
    for (Caption caption : captions) {
      if (caption.endFrame() <= caption.firstFrame()) {
        warn("the text '" + caption.text() + "' never shows: it is shorter than a frame at " + fps + " fps");
      } else if (caption.firstFrame() >= totalFrames) {
        warn("the text '" + caption.text() + "' never shows: it starts at frame " + caption.firstFrame()
            + ", after the montage's last frame (" + (totalFrames - 1) + ")");
      }
    }
  }

  /**
   * Fails before anything renders when the bundled fonts lack a character of {@code text}: it would
   * show as a box. The job asks for what cannot be drawn, so it is an invalid job (the CLI's exit 2),
   * found here because the fonts live with the renderer.
   */
  private void checkDrawable(int clipIndex, String text) {
    if (!TextImage.drawable(text)) {
      throw InvalidJobException.of(List.of((clipIndex >= 0 ? "clip " + clipIndex + " (title): " : "")
          + "the text '" + text + "' has characters the bundled fonts cannot draw (they cover Latin, Greek,"
          + " Cyrillic, Arabic and Hebrew); they would show as boxes"));
    }
  }

  /** Frames of every transition on {@code timeline} together: 0 when every boundary is a cut. */
  private static int overlapFrames(Timeline timeline) {
    return (int) Math.min(Integer.MAX_VALUE, timeline.clips().stream().mapToLong(clip -> clip.entrance().frames()).sum());
  }

  /**
   * Checks the music bed, if any: in the host, or with isolation by a worker process, which when
   * rendering also decodes it into the work dir (no source is decoded in the host) and whose PCM is
   * returned; null otherwise.
   *
   * @param frames sample frames of the timeline: what the decoded bed must cover at most
   */
  private @Nullable Path music(OutputFormat format, long frames) {
    MusicBed music = output.music();
    if (music == null) {
      return null;
    }
    Path source = music.source();
    if (!Files.isRegularFile(source)) {
      throw SourceMediaException.missing(-1, source);
    }
    IsolatedProbing workers = isolated;
    if (workers != null) {
      boolean rendering = spoolDir != null;
      Path pcm = workers.scope().newFile("music", ".pcm");
      workers.workers().decodeMusic(new MusicCall(source.toString(), pool.decoding(), format, rendering ? frames : 0,
          pcm.toString()), workers.workDir(), workers.stop(), stallBudget(source));
      return rendering ? pcm : null;
    }
    try (GrabberLease lease = pool.leaseSource(source, -1)) {
      if (!lease.grabber().hasAudio()) {
        throw SourceMediaException.corrupt(-1, source, new IOException("the music file has no audio stream"));
      }
    }
    return null;
  }
}
