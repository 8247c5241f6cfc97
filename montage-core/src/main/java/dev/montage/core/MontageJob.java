package dev.montage.core;

import dev.montage.core.internal.TimelineFrames;
import dev.montage.core.spi.MontageRenderer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An immutable, validated description of a montage: the clips in order, the output and the render
 * settings. It holds no per-run state, so one job may be rendered many times, at once or in turn;
 * what belongs to a run (progress, cancellation, executor, hardware) is given to
 * {@link #render(RunOptions)}. Create one with {@link MontageBuilder}; derive a variant with
 * {@link #toBuilder()}.
 */
public final class MontageJob {

  private final List<Clip> clips;
  private final OutputSpec output;
  private final List<Transition> transitions;
  private final List<TextOverlay> overlays;
  private final RenderSettings settings;

  MontageJob(List<Clip> clips, OutputSpec output, List<Transition> transitions, List<TextOverlay> overlays,
      RenderSettings settings) {
    this.clips = List.copyOf(clips);
    this.output = Objects.requireNonNull(output, "output");
    this.transitions = List.copyOf(transitions);
    this.overlays = List.copyOf(overlays);
    this.settings = Objects.requireNonNull(settings, "settings");
    if (this.transitions.size() != this.clips.size() - 1) {
      throw new IllegalArgumentException(transitions.size() + " transitions for " + clips.size() + " clips");
    }
  }

  /** The clips in montage order; never empty. */
  public List<Clip> clips() {
    return clips;
  }

  /** What the finished video looks like. */
  public OutputSpec output() {
    return output;
  }

  /**
   * The transition after each clip but the last, in order ({@code clips().size() - 1} of them):
   * the one set for that boundary with {@link MontageBuilder#transitionAfter(int, Transition)}, else
   * {@link OutputSpec#transition()}.
   */
  public List<Transition> transitions() {
    return transitions;
  }

  /** The texts shown over the montage, in the order they are drawn (later over earlier). */
  public List<TextOverlay> overlays() {
    return overlays;
  }

  /** How the job is encoded and split. */
  public RenderSettings settings() {
    return settings;
  }

  /**
   * A builder pre-filled with this job, to derive a variant. Changing it never changes this job.
   * It holds no run options: a job derived from one whose render was cancelled starts afresh.
   */
  public MontageBuilder toBuilder() {
    return MontageBuilder.from(this);
  }

  /**
   * The number of frames a re-encoding render writes, computed with the renderer's own rounding
   * (each clip's end rounded once on the cumulative timeline, each transition rounded to whole
   * frames and overlapping its neighbouring clips). Empty when a clip runs to the end of its source, whose
   * length is known only once the source is opened. Assumes every out point lies within its source
   * (the renderer shortens one that passes the end by a rounding margin); a stream copy keeps the
   * sources' own frames and may differ by a frame per clip.
   */
  public OptionalLong plannedFrames() {
    return timeline().map(plan -> OptionalLong.of(plan.totalFrames())).orElseGet(OptionalLong::empty);
  }

  /**
   * How long the output lasts: {@link #plannedFrames()} at the output frame rate, as
   * {@link RenderResult#duration()} reports it. Empty when a clip runs to the end of its source.
   */
  public Optional<Duration> plannedDuration() {
    return timeline().map(plan -> TimelineFrames.duration(plan.totalFrames(), output.frameRate()));
  }

  private Optional<TimelineFrames.Plan> timeline() {
    long[] lengths = new long[clips.size()];
    for (int i = 0; i < lengths.length; i++) {
      Clip clip = clips.get(i);
      Duration out = clip.out();
      if (out == null) {
        return Optional.empty();
      }
      lengths[i] = TimelineFrames.lengthMicros(TimelineFrames.micros(clip.in()), TimelineFrames.micros(out), clip.speed());
    }
    return Optional.of(TimelineFrames.plan(lengths, output.frameRate(), overlapFrames(transitions, output.frameRate())));
  }

  /** The frames each transition asks for at {@code fps}. */
  private static int[] overlapFrames(List<Transition> transitions, double fps) {
    int[] frames = new int[transitions.size()];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = TimelineFrames.transitionFrames(TimelineFrames.micros(transitions.get(i).duration()), fps);
    }
    return frames;
  }

  /**
   * Renders this job with {@link RunOptions#defaults()}: no progress, no cancellation but by
   * interrupting the calling thread. See {@link #render(RunOptions)}.
   *
   * @throws RendererNotFoundException when no renderer is on the class path
   * @throws MontageException (a subtype) for every failure; nothing is left at the output path
   */
  public RenderResult render() {
    return render(RunOptions.defaults());
  }

  /**
   * Renders this job on the calling thread with the first {@link MontageRenderer} found through
   * {@link ServiceLoader}.
   *
   * @param options progress listener, cancellation token, segment executor and hardware of this run
   * @return what was produced, with any setting the encoder could not honour in
   *     {@link RenderResult#warnings()}
   * @throws RendererNotFoundException when no renderer is on the class path
   * @throws RenderCancelledException when the token was cancelled or the thread interrupted (the
   *     interrupt flag stays set)
   * @throws MontageException (a subtype) for every failure; nothing is left at the output path
   */
  public RenderResult render(RunOptions options) {
    Objects.requireNonNull(options, "options");
    return findRenderer().render(this, options);
  }

  /** Renders this job on a new thread with {@link RunOptions#defaults()}; see {@link #renderAsync(RunOptions, Executor)}. */
  public CompletableFuture<RenderResult> renderAsync() {
    return renderAsync(RunOptions.defaults());
  }

  /**
   * Renders this job on a new thread named {@code montage-render-<n>}; see
   * {@link #renderAsync(RunOptions, Executor)}.
   */
  public CompletableFuture<RenderResult> renderAsync(RunOptions options) {
    return renderAsync(options, RenderFuture.THREAD_PER_RENDER);
  }

  /**
   * Renders this job on {@code executor} and returns at once.
   *
   * <p>The future completes with the result, or exceptionally with the {@link MontageException}
   * that {@link #render(RunOptions)} would have thrown. Its {@link CompletableFuture#cancel cancel}
   * completes it cancelled at once and cancels the render through a token of its own (linked to the
   * options' token, which it leaves alone): the render stops within about a second on its thread,
   * removes its temporary files and leaves nothing at the output path. To wait for that, render on
   * an executor of your own and await its tasks. Cancelling the options' token cancels the render
   * too; the future then completes exceptionally with {@link RenderCancelledException}. When
   * {@code executor} refuses the task, the future completes exceptionally with its
   * {@link java.util.concurrent.RejectedExecutionException}.
   */
  public CompletableFuture<RenderResult> renderAsync(RunOptions options, Executor executor) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(executor, "executor");
    return RenderFuture.start(options, executor, this::render);
  }

  /**
   * What {@link #render()} would do, without writing anything: probes the sources and plans the
   * timeline, segments and copy decisions, and says for every clip whether it would be copied,
   * smart-cut or re-encoded, and why it would not be copied.
   *
   * @throws RendererNotFoundException when no renderer is on the class path
   * @throws SourceMediaException when a source is missing, unreadable or unusable, as a render would
   */
  public RenderPlan plan() {
    return plan(RunOptions.defaults());
  }

  /**
   * What {@link #render(RunOptions)} would do with {@code options}: as {@link #plan()}, probing where
   * that run would (in worker processes with {@link Isolation#PROCESS}: a host planning uploads keeps
   * their decoders out of its process) and sized for its hardware.
   *
   * @throws RendererNotFoundException when no renderer is on the class path
   * @throws SourceMediaException when a source is missing, unreadable or unusable, as a render would
   */
  public RenderPlan plan(RunOptions options) {
    Objects.requireNonNull(options, "options");
    return findRenderer().plan(this, options);
  }

  static MontageRenderer findRenderer() {
    return ServiceLoader.load(MontageRenderer.class).findFirst()
        .or(() -> ServiceLoader.load(MontageRenderer.class, MontageJob.class.getClassLoader()).findFirst())
        .orElseThrow(RendererNotFoundException::none);
  }

  @Override
  public String toString() {
    return "MontageJob[" + clips.size() + " clips -> " + output.path() + " " + output.width() + "x"
        + output.height() + "@" + output.frameRate() + "]";
  }
}
