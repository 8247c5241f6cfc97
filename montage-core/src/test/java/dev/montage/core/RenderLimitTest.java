package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.policy.Hardware;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The process-wide render limit: places and native memory, waiting, cancellation while waiting. */
class RenderLimitTest {

  @Test
  void admitsUpToItsSegmentsAndQueuesTheRest() throws Exception {
    RenderLimit limit = RenderLimit.of(2, 1_000);
    RenderLimit.Permit first = limit.admit(100, () -> false);
    RenderLimit.Permit second = limit.admit(100, () -> false);
    assertEquals(2, limit.running());

    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch waiting = new CountDownLatch(1);
      Future<RenderLimit.Permit> third = thread.submit(() -> {
        waiting.countDown();
        return limit.admit(100, () -> false);
      });
      waiting.await();
      assertThrows(java.util.concurrent.TimeoutException.class, () -> third.get(200, TimeUnit.MILLISECONDS));
      first.close();
      third.get(5, TimeUnit.SECONDS).close();
    } finally {
      thread.shutdownNow();
    }
    second.close();
    assertEquals(0, limit.running());
    assertEquals(2, limit.peak());
  }

  @Test
  void nativeMemory_limitsBeforeThePlacesDo() throws Exception {
    RenderLimit limit = RenderLimit.of(8, 1_000);
    try (RenderLimit.Permit big = limit.admit(700, () -> false)) {
      AtomicBoolean cancelled = new AtomicBoolean();
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        Future<?> another = thread.submit(() -> limit.admit(700, cancelled::get).close());
        assertThrows(java.util.concurrent.TimeoutException.class, () -> another.get(200, TimeUnit.MILLISECONDS));
        cancelled.set(true);
        java.util.concurrent.ExecutionException failed =
            assertThrows(java.util.concurrent.ExecutionException.class, () -> another.get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof RenderCancelledException, failed.getCause().toString());
      } finally {
        thread.shutdownNow();
      }
      assertEquals(1, limit.running(), "the cancelled waiter took nothing");
    }
  }

  @Test
  void aSegmentLargerThanTheWholeLimit_isAdmittedAlone() {
    RenderLimit limit = RenderLimit.of(4, 1_000);
    try (RenderLimit.Permit huge = limit.admit(5_000, () -> false)) {
      assertEquals(1, limit.running());
    }
    assertEquals(0, limit.running());
  }

  @Test
  void permit_closesOnce() {
    RenderLimit limit = RenderLimit.of(1, 10);
    RenderLimit.Permit permit = limit.admit(1, () -> false);
    permit.close();
    permit.close();
    assertEquals(0, limit.running());
    limit.admit(1, () -> false).close();
  }

  @Test
  void interruptWhileWaiting_isACancellationWithTheFlagKept() {
    RenderLimit limit = RenderLimit.of(1, 10);
    try (RenderLimit.Permit held = limit.admit(1, () -> false)) {
      Thread.currentThread().interrupt();
      assertThrows(RenderCancelledException.class, () -> limit.admit(1, () -> false));
      assertTrue(Thread.interrupted());
    }
  }

  @Test
  void forHardware_usesTheDefaultWorkersAndHalfTheMemory() {
    RenderLimit limit = RenderLimit.forHardware(new Hardware(2, 8L << 30, false));
    assertEquals(2, limit.segments());
    assertEquals(4L << 30, limit.nativeBytes());
    assertFalse(RenderLimit.processDefault().segments() < 1);
  }

  @Test
  void invalidLimits_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> RenderLimit.of(0, 10));
    assertThrows(IllegalArgumentException.class, () -> RenderLimit.of(1, 0));
  }

  @Test
  void runOptions_useTheProcessDefaultUnlessGivenOne() {
    assertTrue(RunOptions.defaults().renderLimit() == RenderLimit.processDefault());
    RenderLimit own = RenderLimit.of(1, Duration.ofSeconds(1).toMillis());
    assertTrue(RunOptions.builder().renderLimit(own).build().renderLimit() == own);
  }
}
