package dev.montage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.montage.core.policy.Hardware;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HardwareDetectorTest {

  private static final long GIB = 1024L * 1024 * 1024;
  /** What cgroup v1 writes for "no limit": Long.MAX_VALUE rounded down to a 4 KiB page. */
  private static final String CGROUP_V1_NO_LIMIT = "9223372036854771712";

  // parseLimit

  @Test
  void parseLimit_maxMeansNoLimit() {
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit("max"));
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit("max\n"));
  }

  @Test
  void parseLimit_number() {
    assertEquals(OptionalLong.of(2 * GIB), HardwareDetector.parseLimit("2147483648\n"));
    assertEquals(OptionalLong.of(536_870_912), HardwareDetector.parseLimit("  536870912  "));
  }

  @Test
  void parseLimit_cgroupV1HugeValueMeansNoLimit() {
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit(CGROUP_V1_NO_LIMIT + "\n"));
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit(Long.toString(Long.MAX_VALUE)));
  }

  @Test
  void parseLimit_largeButRealLimitKept() {
    long oneTebibyte = 1024 * GIB;
    assertEquals(OptionalLong.of(oneTebibyte), HardwareDetector.parseLimit(Long.toString(oneTebibyte)));
  }

  @Test
  void parseLimit_emptyMeansNoLimit() {
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit(""));
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit(" \n"));
  }

  @Test
  void parseLimit_zeroOrNegativeMeansNoLimit() {
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit("0"));
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit("-1"));
  }

  @Test
  void parseLimit_garbageMeansNoLimit() {
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit("unlimited"));
    assertEquals(OptionalLong.empty(), HardwareDetector.parseLimit("99999999999999999999999"));
  }

  // usableMemory

  @Test
  void usableMemory_cgroupBelowPhysical() {
    assertEquals(2 * GIB, HardwareDetector.usableMemory(OptionalLong.of(16 * GIB), OptionalLong.of(2 * GIB)));
  }

  @Test
  void usableMemory_physicalBelowCgroup() {
    assertEquals(8 * GIB, HardwareDetector.usableMemory(OptionalLong.of(8 * GIB), OptionalLong.of(32 * GIB)));
  }

  @Test
  void usableMemory_onlyPhysicalKnown() {
    assertEquals(8 * GIB, HardwareDetector.usableMemory(OptionalLong.of(8 * GIB), OptionalLong.empty()));
  }

  @Test
  void usableMemory_onlyCgroupKnown() {
    assertEquals(3 * GIB, HardwareDetector.usableMemory(OptionalLong.empty(), OptionalLong.of(3 * GIB)));
  }

  @Test
  void usableMemory_nothingKnownFallsBackToFourGib() {
    assertEquals(4 * GIB, HardwareDetector.usableMemory(OptionalLong.empty(), OptionalLong.empty()));
  }

  @Test
  void usableMemory_fromParsedCgroupFile() {
    assertEquals(8 * GIB, HardwareDetector.usableMemory(OptionalLong.of(8 * GIB), HardwareDetector.parseLimit("max")));
    assertEquals(GIB, HardwareDetector.usableMemory(OptionalLong.of(8 * GIB), HardwareDetector.parseLimit("1073741824")));
  }

  // gpuPresent

  @Test
  void gpuPresent_missingCommand() {
    assertFalse(HardwareDetector.gpuPresent(
        List.of("montage-no-such-command-7f3a9c"), Duration.ofSeconds(5)));
  }

  @Test
  void gpuPresent_hangingCommandGivesUpAtTheBound() {
    assumeUnixCommands();
    // sleep 10 would take ten seconds without the 200 ms bound; the generous limit only catches a
    // missing bound and keeps a slow CI machine green.
    boolean present = assertTimeoutPreemptively(Duration.ofSeconds(8),
        () -> HardwareDetector.gpuPresent(List.of("sleep", "10"), Duration.ofMillis(200)));
    assertFalse(present);
  }

  @Test
  void gpuPresent_failingCommand() {
    assumeUnixCommands();
    assertFalse(HardwareDetector.gpuPresent(List.of("false"), Duration.ofSeconds(30)));
  }

  @Test
  void gpuPresent_succeedingCommand() {
    assumeUnixCommands();
    assertTrue(HardwareDetector.gpuPresent(List.of("true"), Duration.ofSeconds(30)));
  }

  @Test
  void gpuPresent_interruptedCallerGivesUpAndKeepsTheFlag() {
    assumeUnixCommands();
    Thread.currentThread().interrupt();
    try {
      assertFalse(HardwareDetector.gpuPresent(List.of("sleep", "10"), Duration.ofSeconds(30)));
    } finally {
      assertTrue(Thread.interrupted(), "the interrupt flag must stay set");
    }
  }

  // detect

  @Test
  void detect_returnsSaneValues() {
    Hardware hardware = HardwareDetector.detect();
    assertEquals(Runtime.getRuntime().availableProcessors(), hardware.cpus());
    assertTrue(hardware.memoryBytes() >= 64L * 1024 * 1024, () -> "memory " + hardware.memoryBytes());
    assertEquals(hardware.cpus(), HardwareDetector.detected().cpus());
  }

  private static void assumeUnixCommands() {
    assumeFalse(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"),
        "needs sleep, true and false on the PATH");
  }
}
