package dev.montage.ffmpeg.internal.plan;

import dev.montage.core.policy.BatchSizing;
import org.bytedeco.javacpp.Pointer;

/**
 * How many segments may render at once without exhausting native memory, and giving freed native
 * memory back between segments.
 *
 * <p>A segment's native memory is dominated by frames: the encoder's lookahead and reference
 * frames, its threads' frames, the decoders' frame threads and the canvases, about {@link
 * #FRAMES_PER_WORKER} output-size yuv420p frames in all. The budget is the smaller of half the
 * usable memory and what JavaCPP allows ({@code maxPhysicalBytes}, which defaults to twice the heap
 * limit and fails allocations beyond it), less what the process already holds.
 */
public final class MemoryBudget {
  // Sizing of threads and pools by frame size; see each constant for the measurement behind it.

  /**
   * Output-size frames one rendering segment holds at its peak: measured 1.2 GB of native memory for
   * one 4K segment (x264 veryfast, its decoders, canvases), about 100 frames of 12.4 MB.
   */
  static final int FRAMES_PER_WORKER = 100;
  /** Output pixels of 1080p: above it, frames are large enough to trade speed for memory. */
  static final long PIXELS_1080P = BatchSizing.PIXELS_1080P;
  /** Output pixels of 4K: above it, x264 runs in its low-memory configuration. */
  static final long PIXELS_4K = BatchSizing.PIXELS_4K;
  /**
   * x264 above 4K: slice threads instead of frame threads, no lookahead, no B-frames. Measured on an
   * 8K job: 1.34 GB peak RSS against 3.89 GB with the preset's defaults, and slightly faster.
   */
  static final String X264_LOW_MEMORY = "sliced-threads=1:rc-lookahead=0:bframes=0";
  /** Native memory kept free for the joiner, grabbers of the pool and the JVM itself. */
  static final long RESERVE_BYTES = 256L << 20;

  private MemoryBudget() {}

  /**
   * Workers for frames of {@code width} x {@code height}: at most {@code wanted}, at least 1.
   *
   * @param usableBytes memory the process may use (cgroup or physical)
   * @param javacppLimit JavaCPP's {@code maxPhysicalBytes}, 0 for none
   * @param inUse physical bytes the process holds now
   */
  public static int workers(int wanted, int width, int height, long usableBytes, long javacppLimit, long inUse) {
    long perWorker = segmentBytes(width, height);
    long budget = usableBytes / 2;
    if (javacppLimit > 0) {
      budget = Math.min(budget, javacppLimit - inUse - RESERVE_BYTES);
    }
    long fits = budget / Math.max(1, perWorker);
    return (int) Math.max(1, Math.min(wanted, fits));
  }

  /** Native memory one segment rendering frames of {@code width} x {@code height} holds at its peak. */
  public static long segmentBytes(int width, int height) {
    return (long) width * height * 3 / 2 * FRAMES_PER_WORKER;
  }

  /** {@link #workers} for this process. */
  public static int workers(int wanted, int width, int height, long usableBytes) {
    return workers(wanted, width, height, usableBytes, Pointer.maxPhysicalBytes(), Pointer.physicalBytes());
  }

  /**
   * x264 threads per segment: the CPUs shared among the workers. Measured on 2 cores at 1080p
   * (20 clips, 4 segments, 3 runs): 2 workers x 1 thread 13.0 s, 2 x automatic 13.2 s, 1 x automatic
   * 14.4 s.
   */
  public static int encoderThreads(int cpus, int workers) {
    return Math.max(1, cpus / Math.max(1, workers));
  }

  /**
   * Video decoder threads: one. x264 already keeps every core busy, and each frame thread holds
   * frames of its own. Measured at 1080p, 100 clips, 2 workers: automatic threads 25.6 s and 853 MB
   * peak RSS, one thread 24.7 s and 730 MB; at 4K one thread costs 4% and saves 320 MB.
   */
  public static int decoderThreads() {
    return 1;
  }

  /**
   * Grabbers kept open for reuse. An idle grabber keeps its decoder's frames, and in a montage
   * that alternates sources reuse rarely hits: at 1080p, 100 clips from 10 sources, keeping
   * {@code workers * 4 + 2} idle took 968 MB and 26.4 s, keeping 2 took 766 MB and 24.4 s (one
   * decoder thread). Two stay for runs of clips from one source; above 1080p none.
   */
  public static int idleGrabbers(int width, int height) {
    return (long) width * height > PIXELS_1080P ? 0 : 2;
  }

  /**
   * Grabbers kept open while a job may be copied: two per source (its video and its audio are read
   * at once), capped at 32 up to 1080p and 8 above (an idle grabber keeps the frame it decoded when
   * probing, and its decoder's buffers).
   */
  public static int packetReaders(int sources, int width, int height) {
    int cap = (long) width * height > PIXELS_1080P ? 8 : 32;
    return Math.min(cap, 2 * sources + 2);
  }

  /** Extra x264 parameters for frames of {@code width} x {@code height}, empty for none. */
  public static String x264Params(int width, int height) {
    return (long) width * height > PIXELS_4K ? X264_LOW_MEMORY : "";
  }

  /** Returns freed native memory to the system (glibc keeps it otherwise); call between segments. */
  public static void release() {
    Pointer.trimMemory();
  }
}
