package dev.montage.ffmpeg.internal.run;

import dev.montage.core.MontageJob;
import dev.montage.core.OutputSpec;
import dev.montage.core.RenderSettings;
import dev.montage.core.RunOptions;
import dev.montage.core.policy.Hardware;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.plan.MemoryBudget;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.time.Duration;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How large one render runs, from the job's settings, the run's options and the machine: workers,
 * clips per segment, encoder threads, the capture pool's limits and the stall budgets. Every answer
 * is a policy applied to those three; nothing here opens anything but the pool it is asked for.
 */
final class RunSizing {

  private static final Logger LOG = LoggerFactory.getLogger(RunSizing.class);
  /** Output audio rate. */
  static final int SAMPLE_RATE = 48_000;
  /** Output audio channels (stereo). */
  static final int CHANNELS = 2;

  private final RenderSettings settings;
  private final RunOptions options;
  private final OutputSpec output;
  private final Hardware hardware;
  private final int workers;

  RunSizing(MontageJob job, RunOptions options) {
    this.settings = job.settings();
    this.options = options;
    this.output = job.output();
    this.hardware = options.hardware().orElseGet(Hardware::detect);
    this.workers = hostWorkers();
  }

  /** The machine the render is sized for. */
  Hardware hardware() {
    return hardware;
  }

  /** The output's frames and sound. */
  OutputFormat format() {
    return new OutputFormat(output.width(), output.height(), output.frameRate(), SAMPLE_RATE, CHANNELS);
  }

  /** Segments this machine can render at once, by CPUs and by native memory for the output's frames. */
  int workers() {
    return workers;
  }

  private int hostWorkers() {
    int wanted = settings.workers() > 0 ? settings.workers()
        : Math.max(1, settings.threadSizing().workers(hardware.cpus()));
    int fitting = MemoryBudget.workers(wanted, output.width(), output.height(), hardware.memoryBytes());
    if (fitting < wanted) {
      LOG.debug("{} workers instead of {}: {}x{} frames need the native memory", fitting, wanted,
          output.width(), output.height());
    }
    return fitting;
  }

  /**
   * Segments planned to render at once: an executor's own slots (a cluster's, each with its own
   * memory) unless the job sets workers, else this machine's. Probing and the host's capture pool
   * stay sized by this machine: they run here whatever the executor.
   */
  int segmentWorkers() {
    OptionalInt slots = options.segmentExecutor().map(SegmentExecutor::slots).orElse(OptionalInt.empty());
    return settings.workers() == 0 && slots.isPresent() ? Math.max(1, slots.getAsInt()) : workers;
  }

  /** Encoder threads per segment: an executor's CPUs per slot, else this machine's shared among the segments. */
  int encoderThreads(int busyWorkers) {
    OptionalInt perSlot = options.segmentExecutor().map(SegmentExecutor::cpusPerSlot).orElse(OptionalInt.empty());
    return perSlot.isPresent() ? Math.max(1, perSlot.getAsInt())
        : MemoryBudget.encoderThreads(hardware.cpus(), busyWorkers);
  }

  /**
   * The batch bounds a segment; a job shorter than workers x batch is split evenly so that every
   * worker gets a segment (on 2 cores, 2 segments of 1 encoder thread beat 1 of 2).
   */
  int perSegment(int clipCount, int segmentWorkers) {
    int batch = Math.max(1, settings.batchSizing().batchSize(output.width(), output.height(), hardware.memoryGb()));
    return Math.max(1, Math.min(batch, (clipCount + segmentWorkers - 1) / segmentWorkers));
  }

  /** The stall budget of reading {@code sourceBytes} of sources into this output: the timeout policy. */
  Duration budget(long sourceBytes) {
    return settings.timeouts().timeout(sourceBytes / 1e6, output.width(), output.height(), hardware.gpuAvailable());
  }

  /** The job's capture pool, limited for decoding (see {@link #decodingMaxOpen()}). */
  CapturePool openPool() {
    return new CapturePool(decodingMaxOpen(), decodingMaxIdle(), CapturePool.DEFAULT_WAIT,
        CapturePool.DEFAULT_IDLE_TIMEOUT, System::nanoTime,
        new Decoding(SAMPLE_RATE, CHANNELS, MemoryBudget.decoderThreads(), settings.sourceAccess()));
  }

  /** Grabbers open at once while frames are decoded: a few per worker. */
  int decodingMaxOpen() {
    return workers * 4 + 2;
  }

  /** Idle grabbers kept while frames are decoded: each holds decoded frames, so by the output's size. */
  int decodingMaxIdle() {
    return MemoryBudget.idleGrabbers(output.width(), output.height());
  }

  /**
   * The pool's limits while a copy reads packets of {@code sources} files: every source's grabber kept
   * (one that decodes nothing holds no frames), never fewer than for decoding.
   */
  CapturePool.Limits readPackets(CapturePool pool, int sources) {
    int readers = MemoryBudget.packetReaders(sources, output.width(), output.height());
    return pool.limit(Math.max(decodingMaxOpen(), readers), Math.max(decodingMaxIdle(), readers));
  }

  /** Grabbers open at once while a copy reads packets of {@code sources} files (see {@link #readPackets}). */
  int packetReaders(int sources) {
    return Math.max(decodingMaxOpen(), MemoryBudget.packetReaders(sources, output.width(), output.height()));
  }

  /**
   * What one worker process may hold natively: two segments' frames (the estimate is a peak, not a
   * bound) and a reserve for the process itself (JVM, FFmpeg's libraries, the capture pool).
   */
  long workerNativeBytes() {
    return 2 * MemoryBudget.segmentBytes(output.width(), output.height()) + (512L << 20);
  }
}
