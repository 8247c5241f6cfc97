package dev.montage.ffmpeg.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The memory policy's sizing functions, with memory and CPUs as parameters (no native call). */
@PropertyDefaults(tries = 300)
class MemoryBudgetTest {

  static final long MB = 1L << 20;
  static final long GB = 1L << 30;

  // workers

  @Property(seed = "20261127")
  void workers_atLeastOneAtMostWanted(
      @ForAll @IntRange(min = -2, max = 64) int wanted,
      @ForAll @IntRange(min = 2, max = 8192) int width, @ForAll @IntRange(min = 2, max = 8192) int height,
      @ForAll @LongRange(min = 0, max = 1L << 40) long usable,
      @ForAll @LongRange(min = 0, max = 1L << 40) long javacppLimit,
      @ForAll @LongRange(min = 0, max = 1L << 40) long inUse) {
    int workers = MemoryBudget.workers(wanted, width, height, usable, javacppLimit, inUse);
    assertTrue(workers >= 1, "workers " + workers);
    assertTrue(workers <= Math.max(1, wanted), workers + " workers for " + wanted + " wanted");
  }

  /** Beyond the floor of one, the workers' frames fit the budget, and one more would not. */
  @Property(seed = "20261127")
  void workers_framesFitTheBudget(
      @ForAll @IntRange(min = 1, max = 64) int wanted,
      @ForAll @IntRange(min = 2, max = 8192) int width, @ForAll @IntRange(min = 2, max = 8192) int height,
      @ForAll @LongRange(min = 0, max = 1L << 40) long usable,
      @ForAll @LongRange(min = 0, max = 1L << 40) long javacppLimit,
      @ForAll @LongRange(min = 0, max = 1L << 40) long inUse) {
    int workers = MemoryBudget.workers(wanted, width, height, usable, javacppLimit, inUse);
    long perWorker = (long) width * height * 3 / 2 * MemoryBudget.FRAMES_PER_WORKER;
    long budget = usable / 2;
    if (javacppLimit > 0) {
      budget = Math.min(budget, javacppLimit - inUse - MemoryBudget.RESERVE_BYTES);
    }
    assertTrue(workers == 1 || workers * perWorker <= budget, workers + " workers of " + perWorker + " over " + budget);
    assertTrue(workers == Math.max(1, wanted) || (workers + 1) * perWorker > budget,
        workers + " workers of " + perWorker + " leave room in " + budget);
  }

  @Property(seed = "20261127")
  void workers_neverFewerWithMoreMemoryOrFewerPixels(
      @ForAll @IntRange(min = 1, max = 64) int wanted,
      @ForAll @IntRange(min = 2, max = 8192) int width, @ForAll @IntRange(min = 2, max = 8192) int height,
      @ForAll @LongRange(min = 0, max = 1L << 40) long usable, @ForAll @LongRange(min = 0, max = 1L << 38) long more,
      @ForAll @LongRange(min = 1, max = 1L << 40) long javacppLimit,
      @ForAll @LongRange(min = 0, max = 1L << 40) long inUse, @ForAll @LongRange(min = 0, max = 1L << 38) long less) {
    int base = MemoryBudget.workers(wanted, width, height, usable, javacppLimit, inUse);
    assertTrue(MemoryBudget.workers(wanted, width, height, usable + more, javacppLimit, inUse) >= base, "more usable");
    assertTrue(MemoryBudget.workers(wanted, width, height, usable, javacppLimit + more, inUse) >= base, "higher limit");
    assertTrue(MemoryBudget.workers(wanted, width, height, usable, javacppLimit, Math.max(0, inUse - less)) >= base,
        "less in use");
    assertTrue(MemoryBudget.workers(wanted + 1, width, height, usable, javacppLimit, inUse) >= base, "more wanted");
    assertTrue(MemoryBudget.workers(wanted, Math.max(2, width / 2), height, usable, javacppLimit, inUse) >= base,
        "smaller frames");
    assertTrue(MemoryBudget.workers(wanted, width, height, usable, 0, inUse)
        >= MemoryBudget.workers(wanted, width, height, usable, javacppLimit, inUse), "no JavaCPP limit");
  }

  @Example
  void workers_4kOnEightGigabytes() {
    // A 4K worker holds 100 frames of 12.4 MB: 1.24 GB. Half of 8 GB fits three.
    assertEquals(3, MemoryBudget.workers(8, 3840, 2160, 8 * GB, 0, 0));
    // JavaCPP's limit of 2 GB less 256 MB reserve and 100 MB in use fits one.
    assertEquals(1, MemoryBudget.workers(8, 3840, 2160, 8 * GB, 2 * GB, 100 * MB));
  }

  @Example
  void workers_oneEvenWhenNothingFits() {
    assertEquals(1, MemoryBudget.workers(4, 7680, 4320, 64 * MB, 0, 0));
    assertEquals(1, MemoryBudget.workers(4, 1920, 1080, 16 * GB, 1 * GB, 2 * GB));
  }

  // encoderThreads

  @Property(seed = "20261127")
  void encoderThreads_shareTheCpusAmongWorkers(
      @ForAll @IntRange(min = 0, max = 256) int cpus, @ForAll @IntRange(min = 0, max = 64) int workers) {
    int threads = MemoryBudget.encoderThreads(cpus, workers);
    assertTrue(threads >= 1, "threads " + threads);
    assertTrue(threads <= Math.max(1, cpus), threads + " threads on " + cpus + " cpus");
    if (workers >= 1 && cpus >= workers) {
      assertTrue(threads * workers <= cpus, "oversubscribed: " + workers + " x " + threads + " on " + cpus);
      assertTrue((threads + 1) * workers > cpus, "cpus left idle: " + workers + " x " + threads + " on " + cpus);
    }
    assertTrue(MemoryBudget.encoderThreads(cpus, workers + 1) <= threads, "more workers, more threads each");
    assertTrue(MemoryBudget.encoderThreads(cpus + 1, workers) >= threads, "more cpus, fewer threads each");
  }

  @Example
  void encoderThreads_twoCoresTwoWorkers() {
    assertEquals(1, MemoryBudget.encoderThreads(2, 2));
    assertEquals(4, MemoryBudget.encoderThreads(8, 2));
    assertEquals(1, MemoryBudget.encoderThreads(2, 8));
  }

  // idleGrabbers, packetReaders, x264Params, decoderThreads

  @Property(seed = "20261127")
  void idleGrabbers_twoUpTo1080pNoneAbove(
      @ForAll @IntRange(min = 2, max = 8192) int width, @ForAll @IntRange(min = 2, max = 8192) int height) {
    int idle = MemoryBudget.idleGrabbers(width, height);
    assertEquals((long) width * height <= MemoryBudget.PIXELS_1080P ? 2 : 0, idle);
  }

  @Example
  void idleGrabbers_atThe1080pEdge() {
    assertEquals(2, MemoryBudget.idleGrabbers(1920, 1080));
    assertEquals(0, MemoryBudget.idleGrabbers(1921, 1080));
  }

  @Property(seed = "20261127")
  void packetReaders_twoPerSourcePlusTwoCappedByFrameSize(
      @ForAll @IntRange(min = 0, max = 1000) int sources,
      @ForAll @IntRange(min = 2, max = 8192) int width, @ForAll @IntRange(min = 2, max = 8192) int height) {
    int readers = MemoryBudget.packetReaders(sources, width, height);
    int cap = (long) width * height > MemoryBudget.PIXELS_1080P ? 8 : 32;
    assertEquals(Math.min(cap, 2 * sources + 2), readers);
    assertTrue(readers >= 2 && readers >= MemoryBudget.idleGrabbers(width, height), "readers " + readers);
    assertTrue(MemoryBudget.packetReaders(sources + 1, width, height) >= readers, "more sources, fewer readers");
  }

  @Example
  void packetReaders_capsAt1080pAndAbove() {
    assertEquals(32, MemoryBudget.packetReaders(100, 1920, 1080));
    assertEquals(8, MemoryBudget.packetReaders(100, 3840, 2160));
    assertEquals(4, MemoryBudget.packetReaders(1, 3840, 2160));
  }

  @Property(seed = "20261127")
  void x264Params_lowMemoryOnlyAbove4k(
      @ForAll @IntRange(min = 2, max = 16384) int width, @ForAll @IntRange(min = 2, max = 16384) int height) {
    String params = MemoryBudget.x264Params(width, height);
    if ((long) width * height > MemoryBudget.PIXELS_4K) {
      assertEquals(MemoryBudget.X264_LOW_MEMORY, params);
    } else {
      assertEquals("", params);
    }
  }

  @Example
  void x264Params_areKeyValuePairsX264Accepts() {
    assertEquals("", MemoryBudget.x264Params(3840, 2160));
    String params = MemoryBudget.x264Params(3841, 2160);
    for (String pair : params.split(":")) {
      assertTrue(pair.matches("[a-z-]+=[0-9]+"), "not key=value: " + pair);
    }
    assertTrue(params.contains("sliced-threads=1"));
  }

  @Example
  void decoderThreads_one() {
    assertEquals(1, MemoryBudget.decoderThreads());
  }
}
