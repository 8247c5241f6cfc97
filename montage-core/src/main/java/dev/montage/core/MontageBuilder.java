package dev.montage.core;

import dev.montage.core.internal.JobValidator;
import dev.montage.core.policy.BatchSizing;
import dev.montage.core.policy.FfmpegTimeouts;
import dev.montage.core.policy.Hardware;
import dev.montage.core.policy.ThreadSizing;
import dev.montage.core.spi.SegmentExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The fluent entry point: describe a montage, then {@link #build()} an immutable {@link MontageJob}
 * or {@link #render()} it directly.
 *
 * <pre>{@code
 * RenderResult result = MontageBuilder.create()
 *     .clip(Path.of("a.mp4"), Duration.ofSeconds(2), Duration.ofSeconds(5))
 *     .clip(Path.of("b.mp4"))
 *     .output(Path.of("montage.mp4"))
 *     .size(1920, 1080)
 *     .frameRate(30)
 *     .crossfade(Duration.ofMillis(500))
 *     .onProgress(p -> System.out.printf("%.0f%%%n", p.fraction() * 100))
 *     .render();
 * }</pre>
 *
 * <p>Defaults: {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT} at {@value #DEFAULT_FRAME_RATE} fps,
 * no music, hard cuts ({@link Transition#cut()}), {@link Quality#STANDARD}, the system temp directory, workers from
 * {@link ThreadSizing}. A builder is not thread-safe; the job it builds is.
 *
 * <p>Two kinds of setting meet here. Most describe the video and go into the job that
 * {@link #build()} returns. Five belong to one run and are used only by this builder's own
 * {@link #render()}, {@link #renderAsync()} and {@link #plan()}: {@link #onProgress}, {@link #cancellation},
 * {@link #segmentExecutor}, {@link #hardware} and {@link #isolation}. {@code build()} leaves them out, and so does
 * {@link MontageJob#toBuilder()}; give them to a built job with {@link RunOptions} (a host that decodes
 * uploads in worker processes and renders a built job passes
 * {@code RunOptions.builder().isolation(Isolation.PROCESS)}: the built job alone decodes in this JVM).
 */
public final class MontageBuilder {

  /** Default output width. */
  public static final int DEFAULT_WIDTH = 1920;
  /** Default output height. */
  public static final int DEFAULT_HEIGHT = 1080;
  /** Default output frame rate. */
  public static final double DEFAULT_FRAME_RATE = 30;

  private final List<Clip> clips = new ArrayList<>();
  private @Nullable Path output;
  private int width = DEFAULT_WIDTH;
  private int height = DEFAULT_HEIGHT;
  private double frameRate = DEFAULT_FRAME_RATE;
  private @Nullable MusicBed music;
  private Transition transition = Transition.cut();
  private final Map<Integer, Transition> transitionsAfter = new TreeMap<>();
  private final List<TextOverlay> overlays = new ArrayList<>();
  // The settings below are read by RenderSettings' constructor (package-private for that alone).
  Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
  int workers;
  @Nullable Quality quality;
  @Nullable Integer crf;
  @Nullable Long videoBitrate;
  @Nullable String preset;
  boolean streamCopy = true;
  boolean smartCut = true;
  BatchSizing batchSizing = BatchSizing.DEFAULT;
  ThreadSizing threadSizing = ThreadSizing.DEFAULT;
  FfmpegTimeouts timeouts = FfmpegTimeouts.DEFAULT;
  SourceAccess sourceAccess = SourceAccess.LOCAL_FILES;
  @Nullable Duration timeout;
  DamageResponse onDamagedSource = DamageResponse.WARN;
  @Nullable VideoCodec videoCodec;
  boolean matchSourceCodec;
  @Nullable LoudnessTarget loudness;
  HardwareEncoding hardwareEncoding = HardwareEncoding.OFF;
  private final RunOptions.Builder run = RunOptions.builder();

  private MontageBuilder() {}

  /** A new builder with the defaults. */
  public static MontageBuilder create() {
    return new MontageBuilder();
  }

  static MontageBuilder from(MontageJob job) {
    MontageBuilder builder = new MontageBuilder();
    builder.clips.addAll(job.clips());
    OutputSpec out = job.output();
    builder.output = out.path();
    builder.width = out.width();
    builder.height = out.height();
    builder.frameRate = out.frameRate();
    builder.music = out.music();
    builder.transition = out.transition();
    builder.overlays.addAll(job.overlays());
    for (int i = 0; i < job.transitions().size(); i++) {
      if (!job.transitions().get(i).equals(out.transition())) {
        builder.transitionsAfter.put(i, job.transitions().get(i));
      }
    }
    RenderSettings s = job.settings();
    builder.tempDir = s.tempDir();
    builder.workers = s.workers();
    builder.quality = s.qualityIfSet();
    builder.crf = s.crf().isPresent() ? s.crf().getAsInt() : null;
    builder.videoBitrate = s.videoBitrate().isPresent() ? s.videoBitrate().getAsLong() : null;
    builder.preset = s.preset().orElse(null);
    builder.streamCopy = s.streamCopy();
    builder.smartCut = s.smartCut();
    builder.batchSizing = s.batchSizing();
    builder.threadSizing = s.threadSizing();
    builder.timeouts = s.timeouts();
    builder.sourceAccess = s.sourceAccess();
    builder.timeout = s.timeout().orElse(null);
    builder.onDamagedSource = s.onDamagedSource();
    builder.videoCodec = s.videoCodec().orElse(null);
    builder.matchSourceCodec = s.matchSourceCodec();
    builder.loudness = s.loudness().orElse(null);
    builder.hardwareEncoding = s.hardwareEncoding();
    return builder;
  }

  /**
   * Adds the still image {@code source} (PNG, JPEG or WebP) as the next clip, shown for
   * {@code duration}: {@code clip(Clip.image(source, duration))}.
   */
  public MontageBuilder image(Path source, Duration duration) {
    return clip(Clip.image(source, duration));
  }

  /**
   * Adds a title card as the next clip: {@code text} on the style's background filling the frame,
   * for {@code duration} ({@code clip(Clip.title(text, duration, style))}).
   */
  public MontageBuilder title(String text, Duration duration, TextStyle style) {
    return clip(Clip.title(text, duration, style));
  }

  /**
   * Shows {@code text} over the montage from {@code from} to {@code to} of its timeline (the
   * output's time), such as a name in the lower third ({@link TextStyle#lowerThird()}). Texts may
   * overlap; later ones are drawn over earlier ones.
   */
  public MontageBuilder text(String text, Duration from, Duration to, TextStyle style) {
    overlays.add(new TextOverlay(text, from, to, style));
    return this;
  }

  /** Adds the whole of {@code source} as the next clip. */
  public MontageBuilder clip(Path source) {
    return clip(Clip.whole(source));
  }

  /** Adds {@code source} from {@code in} to {@code out} as the next clip. */
  public MontageBuilder clip(Path source, Duration in, Duration out) {
    return clip(Clip.of(source, in, out));
  }

  /**
   * Adds {@code source} from {@code in} to {@code out} as the next clip, both written as
   * {@link Timecode#parse} reads them: {@code "70.5"}, {@code "1:10.5"} or {@code "00:01:10.5"}.
   *
   * @throws IllegalArgumentException when {@code in} or {@code out} is not a time
   */
  public MontageBuilder clip(Path source, String in, String out) {
    return clip(Clip.of(source, Timecode.parse(in), Timecode.parse(out)));
  }

  /** Adds {@code clip} as the next clip. */
  public MontageBuilder clip(Clip clip) {
    clips.add(Objects.requireNonNull(clip, "clip"));
    return this;
  }

  /** Adds every clip of {@code more}, in order. */
  public MontageBuilder clips(List<Clip> more) {
    more.forEach(this::clip);
    return this;
  }

  /** Where the finished video goes; its extension picks the container (mp4, m4v, mov, mkv, webm). */
  public MontageBuilder output(Path path) {
    this.output = Objects.requireNonNull(path, "path");
    return this;
  }

  /** Output frame size in pixels; both even. Default 1920x1080. */
  public MontageBuilder size(int width, int height) {
    this.width = width;
    this.height = height;
    return this;
  }

  /** Output frames per second, such as 25, 30 or 29.97. Default 30. */
  public MontageBuilder frameRate(double fps) {
    this.frameRate = fps;
    return this;
  }

  /** Mixes {@code source} under the clips at the default volume and fades. */
  public MontageBuilder music(Path source) {
    return music(MusicBed.of(source));
  }

  /** Mixes {@code music} under the clips. */
  public MontageBuilder music(MusicBed music) {
    this.music = Objects.requireNonNull(music, "music");
    return this;
  }

  /**
   * Crossfades every clip boundary not given a transition of its own for {@code crossfade}:
   * {@code transition(Transition.crossfade(crossfade))}, or hard cuts for {@link Duration#ZERO}.
   */
  public MontageBuilder crossfade(Duration crossfade) {
    Objects.requireNonNull(crossfade, "crossfade");
    return transition(crossfade.isZero() ? Transition.cut() : Transition.crossfade(crossfade));
  }

  /**
   * The transition at every clip boundary not given one of its own with
   * {@link #transitionAfter(int, Transition)}; {@link Transition#cut()} (the default) for hard cuts.
   */
  public MontageBuilder transition(Transition transition) {
    this.transition = Objects.requireNonNull(transition, "transition");
    return this;
  }

  /**
   * The transition between clip {@code clipIndex} (0-based, in the order added) and the next one,
   * instead of the one set with {@link #transition(Transition)}. {@link #build()} checks that the
   * boundary exists and that both neighbouring clips last long enough for it.
   */
  public MontageBuilder transitionAfter(int clipIndex, Transition transition) {
    transitionsAfter.put(clipIndex, Objects.requireNonNull(transition, "transition"));
    return this;
  }

  /** Directory under which the job keeps its temporary files. Default: {@code java.io.tmpdir}. */
  public MontageBuilder tempDir(Path dir) {
    this.tempDir = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /**
   * Segments rendered at once; 0 (the default) lets the thread policy decide. Either way the
   * renderer lowers it when the output's frames would not fit in native memory (4K: one segment
   * at a time on a small heap).
   */
  public MontageBuilder workers(int workers) {
    this.workers = workers;
    return this;
  }

  /**
   * The quality, mapped to each encoder as the table in {@link Quality} shows: a CRF for libx264
   * and libx265, a bitrate from the output's size and frame rate for libopenh264 and the others.
   * Default {@link Quality#STANDARD}. Set at most one of {@code quality}, {@link #crf(int)} and
   * {@link #videoBitrate(long)}.
   */
  public MontageBuilder quality(Quality quality) {
    this.quality = Objects.requireNonNull(quality, "quality");
    return this;
  }

  /**
   * x264/x265 constant rate factor, 0 (lossless) to 51; unset by default ({@link #quality(Quality)}
   * decides). Encoders without one, such as libopenh264 on the default LGPL build, encode at the
   * quality's bitrate instead and report the ignored CRF in {@link RenderResult#warnings()}.
   */
  public MontageBuilder crf(int crf) {
    this.crf = crf;
    return this;
  }

  /**
   * Video bitrate in bits per second, {@value RenderSettings#MIN_VIDEO_BITRATE}
   * to {@value RenderSettings#MAX_VIDEO_BITRATE}, honoured by every
   * encoder (an average: x264 encodes in ABR mode). Unset by default ({@link #quality(Quality)}
   * decides).
   */
  public MontageBuilder videoBitrate(long bitsPerSecond) {
    this.videoBitrate = bitsPerSecond;
    return this;
  }

  /**
   * x264 preset, such as {@code ultrafast}, {@code veryfast} (the default) or {@code medium}.
   * Encoders without presets, such as libopenh264, report it in {@link RenderResult#warnings()}.
   */
  public MontageBuilder preset(String preset) {
    this.preset = Objects.requireNonNull(preset, "preset");
    return this;
  }

  /**
   * Whether sources that match the output (codec, size, frame rate, pixel format, codec parameters)
   * may be copied without re-encoding (default true). Off: every frame is re-encoded.
   */
  public MontageBuilder streamCopy(boolean allowed) {
    this.streamCopy = allowed;
    return this;
  }

  /**
   * Whether a copyable job whose cuts fall between keyframes may be "smart cut" (default true): the
   * frames from each such cut to the next keyframe are re-encoded, the whole GOPs between copied.
   * The output then holds two sets of H.264 parameter sets (the sources' and the encoder's, under
   * different ids), which every standard decoder follows. Needs libx264 (the GPL FFmpeg build);
   * without it, or switched off, such jobs are re-encoded whole. No effect when
   * {@link #streamCopy(boolean)} is off.
   */
  public MontageBuilder smartCut(boolean allowed) {
    this.smartCut = allowed;
    return this;
  }

  /** Replaces the batch-size policy. */
  public MontageBuilder batchSizing(BatchSizing policy) {
    this.batchSizing = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** Replaces the worker-thread policy. */
  public MontageBuilder threadSizing(ThreadSizing policy) {
    this.threadSizing = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Replaces the stall budget policy: how long one unit of work (a frame, a packet, opening a
   * source) may take before its step is stopped as stalled. A busy machine makes every unit slower
   * but keeps them coming, so the default never fails a healthy job; see {@link #timeout} for a limit
   * on the whole job.
   */
  public MontageBuilder timeouts(FfmpegTimeouts policy) {
    this.timeouts = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Stops the job with {@link RenderTimeoutException} once it has run for {@code limit}, wherever
   * it is (default: no limit; a limit of 100 years or more, such as {@code ChronoUnit.FOREVER.getDuration()},
   * is none). For hosts with a service-level deadline; a stalled source is caught without it by the
   * stall budget of {@link #timeouts}.
   */
  public MontageBuilder timeout(Duration limit) {
    this.timeout = Objects.requireNonNull(limit, "limit");
    return this;
  }

  /**
   * Sets the output's video codec; by default the container decides ({@code .webm}: VP9, else
   * H.264; see {@link VideoCodec#forContainer}). HEVC needs the GPL build (libx265); a WebM output
   * takes VP9 or AV1 only. H.264 outputs copy H.264 sources (stream copy, smart cut); HEVC outputs
   * copy HEVC sources cut on IDR pictures.
   */
  public MontageBuilder videoCodec(VideoCodec codec) {
    this.videoCodec = Objects.requireNonNull(codec, "codec");
    this.matchSourceCodec = false;
    return this;
  }

  /**
   * Gives the output the codec every source shares where a copy keeps it (H.264 or HEVC) and the
   * container holds it, so that phone clips stay HEVC; otherwise the container's codec. HEVC sources
   * that need encoding on the LGPL build (no libx265) are encoded as H.264, with a warning in the
   * result. Replaces {@link #videoCodec}.
   */
  public MontageBuilder matchSourceCodec() {
    this.matchSourceCodec = true;
    this.videoCodec = null;
    return this;
  }

  /**
   * Normalises the final mix (clips' sound and music) to {@code target}, such as
   * {@link LoudnessTarget#WEB} (-14 LUFS) or {@link LoudnessTarget#BROADCAST} (-23 LUFS, EBU R128),
   * with a true-peak ceiling; by default the level is left as it is. The sound is then encoded, never
   * copied.
   */
  public MontageBuilder loudness(LoudnessTarget target) {
    this.loudness = Objects.requireNonNull(target, "target");
    return this;
  }

  /**
   * Sets whether the video is encoded on a GPU: {@link HardwareEncoding#OFF} (default, software),
   * {@link HardwareEncoding#AUTO} (NVENC, Quick Sync or VAAPI where one opens, else software with the
   * reasons in the result) or {@link HardwareEncoding#REQUIRED} (a GPU's encoder or a typed failure).
   * Copied video is never encoded.
   */
  public MontageBuilder hardwareEncoding(HardwareEncoding mode) {
    this.hardwareEncoding = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /**
   * Sets what a render does when part of a clip has no decodable picture and a frame is held in its
   * place: {@link DamageResponse#WARN} (default) reports it in the result, {@link DamageResponse#FAIL}
   * fails the job with {@link SourceMediaException}.
   */
  public MontageBuilder onDamagedSource(DamageResponse response) {
    this.onDamagedSource = Objects.requireNonNull(response, "response");
    return this;
  }

  /**
   * Sets what FFmpeg may open while reading the sources; default {@link SourceAccess#LOCAL_FILES},
   * a sandbox for media the host does not control (uploads). {@link SourceAccess#FFMPEG_DEFAULTS}
   * lets trusted sources be playlists or lists of other files.
   */
  public MontageBuilder sourceAccess(SourceAccess access) {
    this.sourceAccess = Objects.requireNonNull(access, "access");
    return this;
  }

  /**
   * Sizes for {@code hardware} instead of detecting this machine. A run option: used by this
   * builder's {@link #render()} and {@link #renderAsync()}, not part of the built job.
   */
  public MontageBuilder hardware(Hardware hardware) {
    run.hardware(hardware);
    return this;
  }

  /**
   * Receives progress while rendering. A run option: used by this builder's {@link #render()} and
   * {@link #renderAsync()}, not part of the built job.
   */
  public MontageBuilder onProgress(ProgressListener listener) {
    run.progressListener(listener);
    return this;
  }

  /**
   * Lets the caller cancel the render. A run option: used by this builder's {@link #render()} and
   * {@link #renderAsync()}, not part of the built job.
   */
  public MontageBuilder cancellation(CancellationToken token) {
    run.cancellation(token);
    return this;
  }

  /**
   * Runs segments with {@code executor} instead of the renderer's local bounded pool. A run
   * option: used by this builder's {@link #render()} and {@link #renderAsync()}, not part of the
   * built job.
   */
  public MontageBuilder segmentExecutor(SegmentExecutor executor) {
    run.segmentExecutor(executor);
    return this;
  }

  /**
   * Decodes sources in worker processes ({@link Isolation#PROCESS}), so that a decoder crash on
   * hostile media cannot take the host down. A run option: used by this builder's {@link #render()}
   * and {@link #renderAsync()}, not part of the built job.
   */
  public MontageBuilder isolation(Isolation isolation) {
    run.isolation(isolation);
    return this;
  }

  /**
   * Validates everything that can be known without opening media and returns the immutable job.
   * The run options ({@link #onProgress}, {@link #cancellation}, {@link #segmentExecutor},
   * {@link #hardware}, {@link #isolation}) are not part of it: render the job with {@link RunOptions} to keep them.
   *
   * @throws InvalidJobException listing every problem found
   */
  public MontageJob build() {
    RenderSettings settings = new RenderSettings(this);
    List<String> problems = JobValidator.problems(new JobValidator.Draft(
        clips, output, width, height, frameRate, music, transition, transitionsAfter, settings, quality != null));
    JobValidator.checkTexts(overlays, problems);
    if (!problems.isEmpty()) {
      throw InvalidJobException.of(problems);
    }
    OutputSpec spec = new OutputSpec(
        Objects.requireNonNull(output), width, height, frameRate, music, transition);
    List<Transition> boundaries = new ArrayList<>();
    for (int i = 0; i + 1 < clips.size(); i++) {
      boundaries.add(transitionsAfter.getOrDefault(i, transition));
    }
    return new MontageJob(clips, spec, boundaries, overlays, settings);
  }

  /**
   * Builds and renders the job with this builder's run options: {@code build().render(options)}.
   *
   * @throws InvalidJobException listing every problem of the job, before anything is written
   * @throws MontageException (a subtype) for every failure
   */
  public RenderResult render() {
    return build().render(run.build());
  }

  /**
   * Builds the job and explains what {@link #render()} would do, with this builder's run options
   * (isolation, hardware): {@code build().plan(options)}.
   *
   * @throws InvalidJobException listing every problem of the job, before anything is written
   * @throws MontageException (a subtype) when planning fails, as the render would
   */
  public RenderPlan plan() {
    return build().plan(run.build());
  }

  /**
   * Builds the job and renders it on a new thread with this builder's run options; see
   * {@link MontageJob#renderAsync(RunOptions, java.util.concurrent.Executor)}.
   *
   * @throws InvalidJobException listing every problem {@code build()} finds (thrown here; what only the
   *     render can tell fails the future)
   */
  public CompletableFuture<RenderResult> renderAsync() {
    return build().renderAsync(run.build());
  }
}
