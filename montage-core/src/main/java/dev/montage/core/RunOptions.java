package dev.montage.core;

import dev.montage.core.policy.Hardware;
import dev.montage.core.spi.SegmentExecutor;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What belongs to one run of a job rather than to the job: who hears progress, who may cancel,
 * where segments run and which machine to size for. Immutable; a job may be rendered many times
 * with different options, and a run never changes the job.
 *
 * <pre>{@code
 * CancellationToken token = CancellationToken.create();
 * RenderResult result = job.render(RunOptions.builder()
 *     .progressListener(p -> log.info("{}%", Math.round(p.fraction() * 100)))
 *     .cancellation(token)
 *     .build());
 * }</pre>
 */
public final class RunOptions {

  private static final RunOptions DEFAULTS = new Builder().build();

  private final ProgressListener progressListener;
  private final @Nullable CancellationToken cancellation;
  private final @Nullable SegmentExecutor segmentExecutor;
  private final @Nullable Hardware hardware;
  private final @Nullable RenderLimit renderLimit;
  private final Isolation isolation;
  private final @Nullable WorkerProcesses workerProcesses;

  private RunOptions(Builder builder) {
    this.progressListener = builder.progressListener;
    this.cancellation = builder.cancellation;
    this.segmentExecutor = builder.segmentExecutor;
    this.hardware = builder.hardware;
    this.renderLimit = builder.renderLimit;
    this.isolation = builder.isolation;
    this.workerProcesses = builder.workerProcesses;
  }

  /** No progress listener, no cancellation token, the renderer's local pool, this machine's hardware. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new builder holding these options; changing it never changes this instance. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.progressListener = progressListener;
    builder.cancellation = cancellation;
    builder.segmentExecutor = segmentExecutor;
    builder.hardware = hardware;
    builder.renderLimit = renderLimit;
    builder.isolation = isolation;
    builder.workerProcesses = workerProcesses;
    return builder;
  }

  /** Receives progress; {@link ProgressListener#NONE} by default. */
  public ProgressListener progressListener() {
    return progressListener;
  }

  /** The token that cancels this run, if one was given (else the run cannot be cancelled by token). */
  public Optional<CancellationToken> cancellation() {
    return Optional.ofNullable(cancellation);
  }

  /** Runs the segments, if given (else the renderer's local bounded pool). */
  public Optional<SegmentExecutor> segmentExecutor() {
    return Optional.ofNullable(segmentExecutor);
  }

  /** The machine to size workers and memory for, if given (else renderers detect this machine). */
  public Optional<Hardware> hardware() {
    return Optional.ofNullable(hardware);
  }

  /** The limit this run's local segments render under: the one given, else {@link RenderLimit#processDefault()}. */
  public RenderLimit renderLimit() {
    RenderLimit limit = renderLimit;
    return limit != null ? limit : RenderLimit.processDefault();
  }

  /** The worker processes isolated renders share, if given (else each job starts and ends its own). */
  public Optional<WorkerProcesses> workerProcesses() {
    return Optional.ofNullable(workerProcesses);
  }

  /** Where sources are decoded; default {@link Isolation#IN_PROCESS}. */
  public Isolation isolation() {
    return isolation;
  }

  @Override
  public String toString() {
    return "RunOptions[progressListener=" + progressListener + ", cancellation=" + cancellation
        + ", segmentExecutor=" + segmentExecutor + ", hardware=" + hardware + ", renderLimit=" + renderLimit
        + ", isolation=" + isolation + "]";
  }

  /** Builds {@link RunOptions}; not thread-safe. Every setter replaces the previous value. */
  public static final class Builder {

    private ProgressListener progressListener = ProgressListener.NONE;
    private @Nullable CancellationToken cancellation;
    private @Nullable SegmentExecutor segmentExecutor;
    private @Nullable Hardware hardware;
    private @Nullable RenderLimit renderLimit;
    private Isolation isolation = Isolation.IN_PROCESS;
    private @Nullable WorkerProcesses workerProcesses;

    private Builder() {}

    /** Receives progress while rendering. Default {@link ProgressListener#NONE}. */
    public Builder progressListener(ProgressListener listener) {
      this.progressListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Lets the caller cancel the run through {@code token}. Default: none. */
    public Builder cancellation(CancellationToken token) {
      this.cancellation = Objects.requireNonNull(token, "token");
      return this;
    }

    /**
     * Runs segments with {@code executor} instead of the renderer's local bounded pool. Default:
     * the local pool.
     */
    public Builder segmentExecutor(SegmentExecutor executor) {
      this.segmentExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Sizes workers and memory for {@code hardware} instead of detecting this machine. */
    public Builder hardware(Hardware hardware) {
      this.hardware = Objects.requireNonNull(hardware, "hardware");
      return this;
    }

    /**
     * Renders this run's local segments under {@code limit} instead of the process's shared
     * {@link RenderLimit#processDefault()}. Segments on another {@link #segmentExecutor} are that
     * executor's to schedule.
     */
    public Builder renderLimit(RenderLimit limit) {
      this.renderLimit = Objects.requireNonNull(limit, "limit");
      return this;
    }

    /** Decodes sources in worker processes with {@link Isolation#PROCESS}. Default: in process. */
    public Builder isolation(Isolation isolation) {
      this.isolation = Objects.requireNonNull(isolation, "isolation");
      return this;
    }

    /**
     * Decodes sources in {@code workers}, processes shared with other runs that name them, kept
     * between jobs until the host closes them; implies {@link Isolation#PROCESS}.
     */
    public Builder workerProcesses(WorkerProcesses workers) {
      this.workerProcesses = Objects.requireNonNull(workers, "workers");
      this.isolation = Isolation.PROCESS;
      return this;
    }

    /** The immutable options; the builder may be reused. */
    public RunOptions build() {
      return new RunOptions(this);
    }
  }
}
