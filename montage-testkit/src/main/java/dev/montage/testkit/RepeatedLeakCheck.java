package dev.montage.testkit;

import dev.montage.testkit.LeakDetectedError.Finding;
import dev.montage.testkit.internal.FdProbe;
import dev.montage.testkit.internal.GrowthTrend;
import dev.montage.testkit.internal.LeakChecker;
import dev.montage.testkit.internal.LedgerProbe;
import dev.montage.testkit.internal.MemoryProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a render many times and fails on slow growth that one run can not show: a few hundred KB
 * per job adds up over a day of rendering. After every run it samples the renderer's open handles,
 * the open file descriptors, native memory and RSS (after {@code System.gc()} and
 * {@code malloc_trim}).
 *
 * <pre>{@code
 * RepeatedLeakCheck.assertNoGrowth(() -> job.toBuilder().output(out).build().render());
 * }</pre>
 *
 * <p>Handles must be back at their starting count after every run (waiting up to a second), exactly.
 * Descriptors and memory are judged by trend: the median of the last quarter of the runs against the
 * median of the second quarter (the first quarter is warm-up), since glibc keeps freed arenas and
 * makes memory step up before it plateaus. Descriptors may not grow at all; native memory may grow
 * by the tolerance, RSS (which includes the Java heap) by twice that.
 *
 * <p>Descriptors and native memory are read from {@code /proc} (Linux). On other systems those two
 * checks are skipped, with one log line saying so; handles and RSS are still checked.
 */
public final class RepeatedLeakCheck {

  private static final Logger LOG = LoggerFactory.getLogger(RepeatedLeakCheck.class);

  /** Runs of {@link #assertNoGrowth(Runnable)}: 25 per quarter, enough for a median to hold. */
  public static final int DEFAULT_RUNS = 100;
  /** Native growth in MiB allowed between the second and the last quarter of the runs. */
  public static final long DEFAULT_MEMORY_TOLERANCE_MB = 32;

  private RepeatedLeakCheck() {}

  /**
   * Runs {@code render} {@value #DEFAULT_RUNS} times and fails on growth.
   *
   * @throws LeakDetectedError naming each quantity that grew, by how much and per run
   */
  public static void assertNoGrowth(Runnable render) {
    assertNoGrowth(DEFAULT_RUNS, render);
  }

  /**
   * Runs {@code render} {@code runs} times (at least 8) and fails on growth, with the default memory
   * tolerance of {@value #DEFAULT_MEMORY_TOLERANCE_MB} MiB.
   *
   * @throws LeakDetectedError naming each quantity that grew, by how much and per run
   */
  public static void assertNoGrowth(int runs, Runnable render) {
    assertNoGrowth(runs, DEFAULT_MEMORY_TOLERANCE_MB, render);
  }

  /**
   * Runs {@code render} {@code runs} times (at least 8) and fails on growth; native memory may grow
   * by {@code memoryToleranceMb} MiB, RSS by twice that. An exception from {@code render} ends the
   * check and propagates.
   *
   * @throws LeakDetectedError naming each quantity that grew, by how much and per run
   * @throws IllegalArgumentException when {@code runs < 8} or the tolerance is negative
   */
  public static void assertNoGrowth(int runs, long memoryToleranceMb, Runnable render) {
    if (runs < GrowthTrend.MIN_SAMPLES) {
      throw new IllegalArgumentException(
          "runs must be >= " + GrowthTrend.MIN_SAMPLES + " (two per quarter) but was " + runs);
    }
    if (memoryToleranceMb < 0) {
      throw new IllegalArgumentException("memoryToleranceMb must be >= 0 but was " + memoryToleranceMb);
    }
    LedgerProbe ledger = LedgerProbe.find();
    int handlesBefore = ledger.openCount();
    Set<Long> idsBefore = ledger.openIds();
    boolean fdsAvailable = FdProbe.available();
    boolean memoryAvailable = MemoryProbe.available();
    if (!fdsAvailable || !memoryAvailable) {
      LOG.info("repeated leak check: descriptor and native memory checks skipped on this OS ({} is not"
          + " Linux); handles and RSS are checked", System.getProperty("os.name"));
    }
    long[] fds = new long[runs];
    long[] nativeBytes = new long[runs];
    long[] rss = new long[runs];
    for (int run = 0; run < runs; run++) {
      render.run();
      if (ledger.present()) {
        checkHandles(ledger, handlesBefore, idsBefore, run, runs);
      }
      MemoryProbe.Sample memory = MemoryProbe.settledSample();
      nativeBytes[run] = memory.nativeBytes();
      rss[run] = memory.rss();
      fds[run] = fdsAvailable ? FdProbe.open().size() : 0;
    }
    long tolerance = memoryToleranceMb << 20;
    List<Finding> findings = new ArrayList<>();
    add(findings, LeakCheck.FILE_DESCRIPTORS,
        GrowthTrend.growth("open descriptors", fds, 0, Long::toString));
    if (memoryAvailable) {
      add(findings, LeakCheck.NATIVE_MEMORY,
          GrowthTrend.growth("native memory", nativeBytes, tolerance, MemoryProbe::megabytes));
    }
    add(findings, LeakCheck.RSS, GrowthTrend.growth("RSS", rss, 2 * tolerance, MemoryProbe::megabytes));
    if (!findings.isEmpty()) {
      throw LeakDetectedError.of("repeated render (" + runs + " runs)", findings);
    }
  }

  private static void checkHandles(LedgerProbe ledger, int before, Set<Long> idsBefore, int run, int runs) {
    int now;
    try {
      now = ledger.awaitAtMost(before, LeakChecker.SETTLE_NANOS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for handles to close after run " + (run + 1), e);
    }
    if (now > before) {
      throw LeakDetectedError.of("repeated render, run " + (run + 1) + " of " + runs, List.of(new Finding(
          LeakCheck.HANDLES, (now - before) + " more open than before the first run (before " + before
              + ", after " + now + "); every run must close what it opens:\n"
              + LedgerProbe.describe(ledger.openHandles(), idsBefore, 12))));
    }
  }

  private static void add(List<Finding> findings, LeakCheck check, Optional<String> text) {
    text.ifPresent(sentence -> findings.add(new Finding(check, sentence)));
  }
}
