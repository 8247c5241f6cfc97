package dev.montage.core;

import dev.montage.core.policy.BatchSizing;
import dev.montage.core.policy.FfmpegTimeouts;
import dev.montage.core.policy.Hardware;
import dev.montage.core.policy.ThreadSizing;
import dev.montage.core.spi.SegmentExecutor;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a job is rendered, as opposed to what it produces: temp directory, parallelism, encoder
 * quality, policies, progress and cancellation. Built by {@link MontageBuilder}.
 *
 * @param tempDir directory under which the job creates its own temporary directory
 * @param workers segments rendered at once, or 0 to let {@link #threadSizing()} decide
 * @param preset x264 preset (speed against size), default {@value #DEFAULT_PRESET}
 * @param crf x264 constant rate factor (quality; lower is better), default {@value #DEFAULT_CRF}
 * @param streamCopy whether compatible sources may be copied without re-encoding
 * @param smartCut whether, when copying, cuts off keyframes may be re-encoded up to the next
 *     keyframe and the rest copied (needs libx264; off: such jobs are re-encoded whole)
 * @param batchSizing clips per segment
 * @param threadSizing worker threads when {@code workers} is 0
 * @param timeouts time budget per FFmpeg step
 * @param hardware the machine to size for, or {@code null} to detect it
 * @param progress receives progress
 * @param cancellation cancels the render
 * @param segmentExecutor runs segments, or {@code null} for the renderer's local bounded pool
 */
public record RenderSettings(
    Path tempDir,
    int workers,
    String preset,
    int crf,
    boolean streamCopy,
    boolean smartCut,
    BatchSizing batchSizing,
    ThreadSizing threadSizing,
    FfmpegTimeouts timeouts,
    @Nullable Hardware hardware,
    ProgressListener progress,
    CancellationToken cancellation,
    @Nullable SegmentExecutor segmentExecutor) {

  /** Default x264 preset: the best speed for its size on ordinary CPUs. */
  public static final String DEFAULT_PRESET = "veryfast";
  /** Default x264 CRF: visually good at moderate size. */
  public static final int DEFAULT_CRF = 23;

  /** Checks only for nulls; ranges are validated by {@link MontageBuilder#build()}. */
  public RenderSettings {
    Objects.requireNonNull(tempDir, "tempDir");
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(batchSizing, "batchSizing");
    Objects.requireNonNull(threadSizing, "threadSizing");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancellation, "cancellation");
  }

  /** The hardware given on the builder, if any (else renderers detect it). */
  public Optional<Hardware> hardwareOverride() {
    return Optional.ofNullable(hardware);
  }

  /** The segment executor given on the builder, if any (else the renderer's local pool). */
  public Optional<SegmentExecutor> executor() {
    return Optional.ofNullable(segmentExecutor);
  }

  /** The given hardware, or this machine's. */
  public Hardware effectiveHardware() {
    return hardware != null ? hardware : Hardware.detect();
  }
}
