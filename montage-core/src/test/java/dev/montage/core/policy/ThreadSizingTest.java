package dev.montage.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The worker-thread policy against the stability plan (section 3.1). */
class ThreadSizingTest {

  @Example
  void ioWorkers_oneCpu() {
    assertEquals(1, ThreadSizing.ioWorkers(1));
  }

  @Example
  void ioWorkers_belowTheCap() {
    assertEquals(2, ThreadSizing.ioWorkers(2));
    assertEquals(7, ThreadSizing.ioWorkers(7));
  }

  @Example
  void ioWorkers_atTheCap() {
    assertEquals(8, ThreadSizing.ioWorkers(8));
  }

  @Example
  void ioWorkers_aboveTheCap() {
    assertEquals(8, ThreadSizing.ioWorkers(9));
    assertEquals(8, ThreadSizing.ioWorkers(64));
    assertEquals(8, ThreadSizing.ioWorkers(Integer.MAX_VALUE));
  }

  @Example
  void ioWorkers_unknownCpuCount() {
    assertEquals(4, ThreadSizing.ioWorkers(0));
    assertEquals(4, ThreadSizing.ioWorkers(-1));
    assertEquals(4, ThreadSizing.ioWorkers(Integer.MIN_VALUE));
  }

  @Example
  void default_isIoWorkers() {
    assertEquals(ThreadSizing.ioWorkers(6), ThreadSizing.DEFAULT.workers(6));
  }

  @Property
  void ioWorkers_matchesThePlan(@ForAll int cpuCount) {
    int expected = cpuCount <= 0 ? 4 : Math.min(cpuCount, 8);
    assertEquals(expected, ThreadSizing.ioWorkers(cpuCount));
  }

  @Property
  void ioWorkers_betweenOneAndTheCap(@ForAll int cpuCount) {
    int workers = ThreadSizing.ioWorkers(cpuCount);
    assertTrue(workers >= 1 && workers <= ThreadSizing.MAX_WORKERS, () -> "workers " + workers);
  }

  @Property
  void ioWorkers_nonDecreasingForKnownCounts(
      @ForAll @IntRange(min = 1, max = 1024) int cpus1, @ForAll @IntRange(min = 1, max = 1024) int cpus2) {
    Assume.that(cpus1 <= cpus2);
    assertTrue(ThreadSizing.ioWorkers(cpus1) <= ThreadSizing.ioWorkers(cpus2));
  }
}
