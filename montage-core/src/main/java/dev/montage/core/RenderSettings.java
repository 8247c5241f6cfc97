package dev.montage.core;

import dev.montage.core.policy.BatchSizing;
import dev.montage.core.policy.FfmpegTimeouts;
import dev.montage.core.policy.ThreadSizing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * How a job is encoded and split, as opposed to what it shows: temp directory, parallelism, encoder
 * rate control, stream copy and the sizing policies. Immutable; set through {@link MontageBuilder},
 * read through {@link MontageJob#settings()}. What belongs to one run (progress, cancellation,
 * segment executor, hardware) is in {@link RunOptions}.
 */
public final class RenderSettings {

  /** Default x264 preset: the best speed for its size on ordinary CPUs. */
  public static final String DEFAULT_PRESET = "veryfast";
  /** Default quality: {@link Quality#STANDARD} (x264 CRF 23, 0.1 bit per pixel elsewhere). */
  public static final Quality DEFAULT_QUALITY = Quality.STANDARD;
  /** Lowest video bitrate accepted, in bits per second: below it no encoder makes a watchable frame. */
  public static final long MIN_VIDEO_BITRATE = 16_000;
  /** Highest video bitrate accepted, in bits per second: beyond any delivery format, so more is a typo. */
  public static final long MAX_VIDEO_BITRATE = 500_000_000;

  private final Path tempDir;
  private final int workers;
  private final @Nullable Quality quality;
  private final @Nullable Integer crf;
  private final @Nullable Long videoBitrate;
  private final @Nullable String preset;
  private final boolean streamCopy;
  private final boolean smartCut;
  private final BatchSizing batchSizing;
  private final ThreadSizing threadSizing;
  private final FfmpegTimeouts timeouts;
  private final SourceAccess sourceAccess;
  private final @Nullable Duration timeout;
  private final DamageResponse onDamagedSource;
  private final @Nullable VideoCodec videoCodec;
  private final boolean matchSourceCodec;
  private final @Nullable LoudnessTarget loudness;
  private final HardwareEncoding hardwareEncoding;

  // Package-private: only MontageBuilder creates settings, from its own fields, before validating them.
  RenderSettings(MontageBuilder b) {
    this.tempDir = Objects.requireNonNull(b.tempDir, "tempDir");
    this.workers = b.workers;
    this.quality = b.quality;
    this.crf = b.crf;
    this.videoBitrate = b.videoBitrate;
    this.preset = b.preset;
    this.streamCopy = b.streamCopy;
    this.smartCut = b.smartCut;
    this.batchSizing = Objects.requireNonNull(b.batchSizing, "batchSizing");
    this.threadSizing = Objects.requireNonNull(b.threadSizing, "threadSizing");
    this.timeouts = Objects.requireNonNull(b.timeouts, "timeouts");
    this.sourceAccess = Objects.requireNonNull(b.sourceAccess, "sourceAccess");
    this.timeout = b.timeout;
    this.onDamagedSource = Objects.requireNonNull(b.onDamagedSource, "onDamagedSource");
    this.videoCodec = b.videoCodec;
    this.matchSourceCodec = b.matchSourceCodec;
    this.loudness = b.loudness;
    this.hardwareEncoding = Objects.requireNonNull(b.hardwareEncoding, "hardwareEncoding");
  }

  /** Directory under which the job creates its own temporary directory; default {@code java.io.tmpdir}. */
  public Path tempDir() {
    return tempDir;
  }

  /** Segments rendered at once, or 0 (the default) to let {@link #threadSizing()} decide. */
  public int workers() {
    return workers;
  }

  /**
   * The quality asked for, mapped to each encoder as {@link Quality} tables it; default
   * {@link #DEFAULT_QUALITY}. Not used when {@link #crf()} or {@link #videoBitrate()} is set.
   */
  public Quality quality() {
    return quality != null ? quality : DEFAULT_QUALITY;
  }

  /** The constant rate factor set explicitly (0 to 51; only x264 and x265 honour it), if any. */
  public OptionalInt crf() {
    return crf == null ? OptionalInt.empty() : OptionalInt.of(crf);
  }

  /** The video bitrate in bits per second set explicitly, if any; every encoder honours it. */
  public OptionalLong videoBitrate() {
    return videoBitrate == null ? OptionalLong.empty() : OptionalLong.of(videoBitrate);
  }

  /**
   * The x264 preset set explicitly, if any (else {@link #DEFAULT_PRESET} for x264); encoders without
   * presets, such as libopenh264, report it as a warning in {@link RenderResult#warnings()}.
   */
  public Optional<String> preset() {
    return Optional.ofNullable(preset);
  }

  /** Whether compatible sources may be copied without re-encoding; default true. */
  public boolean streamCopy() {
    return streamCopy;
  }

  /**
   * Whether, when copying, cuts off keyframes may be re-encoded up to the next keyframe and the
   * rest copied (needs libx264); default true.
   */
  public boolean smartCut() {
    return smartCut;
  }

  /** Clips per segment; default {@link BatchSizing#DEFAULT}. */
  public BatchSizing batchSizing() {
    return batchSizing;
  }

  /** Worker threads when {@link #workers()} is 0; default {@link ThreadSizing#DEFAULT}. */
  public ThreadSizing threadSizing() {
    return threadSizing;
  }

  /**
   * The stall budget: how long one unit of work (a frame, a packet, opening a source) may take
   * before the step is stopped as stalled; default {@link FfmpegTimeouts#DEFAULT}.
   */
  public FfmpegTimeouts timeouts() {
    return timeouts;
  }

  /** What FFmpeg may open while reading sources; default {@link SourceAccess#LOCAL_FILES}. */
  public SourceAccess sourceAccess() {
    return sourceAccess;
  }

  /** The most the whole job may take, if set (default: no limit; see {@link MontageBuilder#timeout}). */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** What a render does with a source damaged inside a clip's span; default {@link DamageResponse#WARN}. */
  public DamageResponse onDamagedSource() {
    return onDamagedSource;
  }

  /**
   * The video codec set with {@link MontageBuilder#videoCodec}; empty (the default) to take it from
   * the output's container ({@link VideoCodec#forContainer}).
   */
  public Optional<VideoCodec> videoCodec() {
    return Optional.ofNullable(videoCodec);
  }

  /**
   * Whether the output takes the codec every source shares (H.264 or HEVC, so that it can be
   * copied), set with {@link MontageBuilder#matchSourceCodec()}; default {@code false}.
   */
  public boolean matchSourceCodec() {
    return matchSourceCodec;
  }

  /** The loudness the final mix is normalised to; empty (the default) to leave its level as it is. */
  public Optional<LoudnessTarget> loudness() {
    return Optional.ofNullable(loudness);
  }

  /** Whether the video is encoded on a GPU; default {@link HardwareEncoding#OFF}. */
  public HardwareEncoding hardwareEncoding() {
    return hardwareEncoding;
  }

  // The raw quality, to tell "not set" from "set to the default" when deriving a builder.
  @Nullable Quality qualityIfSet() {
    return quality;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RenderSettings that
        && workers == that.workers
        && streamCopy == that.streamCopy
        && smartCut == that.smartCut
        && tempDir.equals(that.tempDir)
        && Objects.equals(quality, that.quality)
        && Objects.equals(crf, that.crf)
        && Objects.equals(videoBitrate, that.videoBitrate)
        && Objects.equals(preset, that.preset)
        && batchSizing.equals(that.batchSizing)
        && threadSizing.equals(that.threadSizing)
        && timeouts.equals(that.timeouts)
        && sourceAccess == that.sourceAccess
        && Objects.equals(timeout, that.timeout)
        && onDamagedSource == that.onDamagedSource
        && videoCodec == that.videoCodec
        && matchSourceCodec == that.matchSourceCodec
        && Objects.equals(loudness, that.loudness)
        && hardwareEncoding == that.hardwareEncoding;
  }

  @Override
  public int hashCode() {
    return Objects.hash(tempDir, workers, quality, crf, videoBitrate, preset, streamCopy, smartCut,
        batchSizing, threadSizing, timeouts, sourceAccess, timeout,
        onDamagedSource, videoCodec, matchSourceCodec, loudness, hardwareEncoding);
  }

  @Override
  public String toString() {
    return "RenderSettings[tempDir=" + tempDir + ", workers=" + workers + ", quality=" + quality
        + ", crf=" + crf + ", videoBitrate=" + videoBitrate + ", preset=" + preset
        + ", streamCopy=" + streamCopy + ", smartCut=" + smartCut + ", sourceAccess=" + sourceAccess
        + ", timeout=" + timeout + ", onDamagedSource=" + onDamagedSource + ", videoCodec=" + videoCodec + ", matchSourceCodec="
        + matchSourceCodec + ", loudness=" + loudness + ", hardwareEncoding=" + hardwareEncoding + "]";
  }
}
