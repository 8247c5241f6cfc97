package dev.montage.testkit.internal;

import dev.montage.testkit.LeakCheck;
import dev.montage.testkit.LeakDetectedError.Finding;
import dev.montage.core.spi.ResourceLedger.OpenHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Takes a baseline before a test and compares after it, check by check.
 *
 * <p>Design: handles are counted exactly (the ledger knows), with a bounded wait for closes on other
 * threads; descriptors get the same bounded wait, since a {@code Cleaner} may close them late;
 * native memory is noisy (glibc arenas, lazily loaded code), so it is measured after GC and
 * {@code malloc_trim}, several times, and the smallest reading counts. Each wait is a second at
 * most: a leak check must not make a suite slow.
 */
public final class LeakChecker {

  /** Longest wait for handles and descriptors to come back down. */
  public static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** Memory readings after the test; the smallest counts. */
  static final int MEMORY_READINGS = 3;
  private static final int STACK_FRAMES = 12;

  private LeakChecker() {}

  /**
   * What was open before the test.
   *
   * @param ledger the renderers' ledgers, or {@code null} when the handle check is off
   * @param handleCount open handles then
   * @param handleIds their ids
   * @param fds open descriptors then, or {@code null} when that check is off or unavailable
   * @param memory memory then, or {@code null} when that check is off
   * @param notes checks skipped and why
   */
  public record Baseline(
      @Nullable LedgerProbe ledger,
      int handleCount,
      Set<Long> handleIds,
      @Nullable Map<Integer, String> fds,
      MemoryProbe.@Nullable Sample memory,
      List<String> notes) {}

  /** Records the baseline for the checks {@code settings} switches on. */
  public static Baseline capture(LeakCheckSettings settings) {
    List<String> notes = new ArrayList<>();
    LedgerProbe ledger = null;
    int handleCount = 0;
    Set<Long> ids = Set.of();
    if (settings.handles()) {
      LedgerProbe found = LedgerProbe.find();
      if (found.present()) {
        ledger = found;
        handleCount = found.openCount();
        ids = found.openIds();
      } else {
        notes.add("handle check skipped: no dev.montage.core.spi.MontageRenderer on the class path");
      }
    }
    Map<Integer, String> fds = null;
    if (settings.fileDescriptors()) {
      if (FdProbe.available()) {
        fds = FdProbe.open();
      } else {
        notes.add("file descriptor check skipped on this OS: /proc/self/fd is missing (not Linux)");
      }
    }
    MemoryProbe.Sample memory = null;
    if (settings.nativeMemory()) {
      if (MemoryProbe.available()) {
        memory = MemoryProbe.settledSample();
      } else {
        notes.add("native memory check skipped on this OS: /proc/self/status is missing (not Linux)");
      }
    }
    return new Baseline(ledger, handleCount, ids, fds, memory, List.copyOf(notes));
  }

  /** Every check that fails against {@code baseline}; temp dirs are judged by the caller. */
  public static List<Finding> verify(Baseline baseline, LeakCheckSettings settings) throws InterruptedException {
    List<Finding> findings = new ArrayList<>();
    LedgerProbe ledger = baseline.ledger();
    if (ledger != null) {
      Finding handles = checkHandles(ledger, baseline);
      if (handles != null) {
        findings.add(handles);
      }
    }
    Map<Integer, String> fds = baseline.fds();
    if (fds != null) {
      Finding descriptors = checkFds(fds, settings.fdTolerance());
      if (descriptors != null) {
        findings.add(descriptors);
      }
    }
    MemoryProbe.Sample memory = baseline.memory();
    if (memory != null) {
      Finding nativeMemory = checkMemory(memory, settings.nativeMemoryToleranceBytes());
      if (nativeMemory != null) {
        findings.add(nativeMemory);
      }
    }
    return findings;
  }

  private static @Nullable Finding checkHandles(LedgerProbe ledger, Baseline baseline) throws InterruptedException {
    int now = ledger.awaitAtMost(baseline.handleCount(), SETTLE_NANOS);
    if (now <= baseline.handleCount()) {
      return null;
    }
    List<OpenHandle> open = ledger.openHandles();
    return new Finding(LeakCheck.HANDLES, (now - baseline.handleCount()) + " more open than before the test"
        + " (before " + baseline.handleCount() + ", after " + now + ", waited "
        + TimeUnit.NANOSECONDS.toMillis(SETTLE_NANOS) + " ms). A grabber, recorder or filter graph was"
        + " opened and never closed; close it in a finally block or try-with-resources."
        + " Opened during the test:\n" + LedgerProbe.describe(open, baseline.handleIds(), STACK_FRAMES));
  }

  private static @Nullable Finding checkFds(Map<Integer, String> before, int tolerance) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_NANOS;
    Map<Integer, String> after = FdProbe.open();
    while (after.size() > before.size() + tolerance && System.nanoTime() < deadline) {
      Thread.sleep(20);
      after = FdProbe.open();
    }
    if (after.size() <= before.size() + tolerance) {
      return null;
    }
    StringBuilder added = new StringBuilder();
    for (Map.Entry<Integer, String> fd : after.entrySet()) {
      if (!fd.getValue().equals(before.get(fd.getKey()))) {
        added.append("\n    fd ").append(fd.getKey()).append(" -> ").append(fd.getValue());
      }
    }
    int extra = after.size() - before.size();
    return new Finding(LeakCheck.FILE_DESCRIPTORS, extra + " more open than before the test (before "
        + before.size() + ", after " + after.size() + ", tolerance " + tolerance + ", over by "
        + (extra - tolerance) + "). A stream, channel or grabber was not closed. New or changed:" + added);
  }

  private static @Nullable Finding checkMemory(MemoryProbe.Sample before, long tolerance) {
    MemoryProbe.Sample lowest = MemoryProbe.settledSample();
    if (lowest.nativeBytes() - before.nativeBytes() <= tolerance) {
      return null;
    }
    for (int reading = 1; reading < MEMORY_READINGS; reading++) {
      MemoryProbe.Sample sample = MemoryProbe.settledSample();
      if (sample.nativeBytes() - before.nativeBytes() <= tolerance) {
        return null;
      }
      if (sample.nativeBytes() < lowest.nativeBytes()) {
        lowest = sample;
      }
    }
    long growth = lowest.nativeBytes() - before.nativeBytes();
    return new Finding(LeakCheck.NATIVE_MEMORY, "grew by " + MemoryProbe.megabytes(growth)
        + ", over the tolerance of " + MemoryProbe.megabytes(tolerance) + " by "
        + MemoryProbe.megabytes(growth - tolerance) + " (smallest of " + MEMORY_READINGS
        + " readings after GC and malloc_trim; resident " + MemoryProbe.megabytes(before.physical())
        + " -> " + MemoryProbe.megabytes(lowest.physical()) + "). Native buffers (frames, packets,"
        + " JavaCPP pointers) were allocated and never freed, or a grabber was not closed.");
  }
}
