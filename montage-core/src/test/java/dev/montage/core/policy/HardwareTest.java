package dev.montage.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HardwareTest {

  private static final long GIB = 1024L * 1024 * 1024;

  @Test
  void hardware_zeroCpusRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Hardware(0, GIB, false));
    assertEquals("cpus must be >= 1 but was 0", e.getMessage());
  }

  @Test
  void hardware_zeroMemoryRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Hardware(4, 0, false));
    assertEquals("memoryBytes must be >= 1 but was 0", e.getMessage());
  }

  @Test
  void memoryGb_inGibibytes() {
    assertEquals(8.0, new Hardware(4, 8 * GIB, false).memoryGb());
    assertEquals(0.5, new Hardware(4, GIB / 2, false).memoryGb());
  }

  @Test
  void detect_returnsSaneValues() {
    Hardware hardware = Hardware.detect();
    assertEquals(Runtime.getRuntime().availableProcessors(), hardware.cpus());
    // At least 64 MiB (anything that runs this JVM) and at most 1 PiB (far beyond any real machine).
    assertTrue(hardware.memoryBytes() >= 64L * 1024 * 1024, () -> "memory " + hardware.memoryBytes());
    assertTrue(hardware.memoryBytes() <= 1024L * 1024 * GIB, () -> "memory " + hardware.memoryBytes());
    assertTrue(hardware.memoryGb() > 0);
  }

  @Test
  void detect_detectsOncePerJvm() {
    assertSame(Hardware.detect(), Hardware.detect());
  }

  @Test
  void detect_feedsThePoliciesSaneInputs() {
    Hardware hardware = Hardware.detect();
    int batch = BatchSizing.forResolution(1920, 1080, hardware.memoryGb());
    int workers = ThreadSizing.ioWorkers(hardware.cpus());
    assertTrue(batch >= 1 && batch <= BatchSizing.BATCH_UP_TO_1080P, () -> "batch " + batch);
    assertTrue(workers >= 1 && workers <= ThreadSizing.MAX_WORKERS, () -> "workers " + workers);
  }
}
