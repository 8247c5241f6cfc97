package dev.montage.ffmpeg.internal.media;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.montage.core.CancellationToken;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterTry;

/** Deadlines, cancellation, the job-wide abort and interrupts, on a clock the test moves. */
class RenderGuardTest {

  static final Path FILE = Path.of("media", "clip-3.mp4");

  final AtomicLong clock = new AtomicLong(1_000_000_000L);
  final CancellationToken token = CancellationToken.create();
  final RenderGuard guard = new RenderGuard(token::isCancelled, clock::get);

  @AfterTry
  void clearInterrupt() {
    Thread.interrupted(); // never leak a set flag into the next test on this thread
  }

  @Example
  void check_passesUpToTheDeadlineAndFailsOneNanosecondAfter() {
    RenderGuard.Deadline deadline = guard.deadline("segment 2", 3, FILE, Duration.ofSeconds(5));
    clock.addAndGet(Duration.ofSeconds(5).toNanos());
    assertDoesNotThrow(() -> guard.check(deadline));
    clock.incrementAndGet();
    RenderTimeoutException timeout = assertThrows(RenderTimeoutException.class, () -> guard.check(deadline));
    assertTrue(timeout.getMessage().contains("segment 2"), timeout.getMessage());
    assertTrue(timeout.getMessage().contains("5000 ms"), timeout.getMessage());
    assertEquals(Duration.ofSeconds(5), timeout.budget());
    assertEquals(OptionalInt.of(3), timeout.clipIndex());
    assertEquals(Optional.of(FILE), timeout.file());
  }

  /** The deadline compares differences, so it holds across the clock's wrap-around. */
  @Property(tries = 300, seed = "20261127")
  void check_deadlineHoldsWhereverTheClockStarts(
      @ForAll long start, @ForAll @LongRange(min = 0, max = 1L << 62) long budgetNanos) {
    clock.set(start);
    RenderGuard.Deadline deadline = guard.deadline("join", -1, FILE, Duration.ofNanos(budgetNanos));
    clock.set(start + budgetNanos);
    assertDoesNotThrow(() -> guard.check(deadline));
    clock.set(start + budgetNanos + 1);
    assertThrows(RenderTimeoutException.class, () -> guard.check(deadline));
  }

  @Example
  void check_zeroBudgetExpiresAtTheNextTick() {
    RenderGuard.Deadline deadline = guard.deadline("probe", 0, FILE, Duration.ZERO);
    assertDoesNotThrow(() -> guard.check(deadline));
    clock.incrementAndGet();
    assertThrows(RenderTimeoutException.class, () -> guard.check(deadline));
  }

  @Example
  void deadline_readsTheClockOnceWhenTaken() {
    RenderGuard.Deadline deadline = guard.deadline("segment 0", 1, FILE, Duration.ofMillis(20));
    assertEquals(clock.get() + 20_000_000L, deadline.atNanos());
    assertEquals("segment 0", deadline.what());
  }

  @Example
  void check_cancelledTokenWinsOverEverythingElse() {
    RenderGuard.Deadline deadline = guard.deadline("segment 1", 0, FILE, Duration.ofSeconds(1));
    token.cancel();
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    RenderCancelledException cancelled = assertThrows(RenderCancelledException.class, () -> guard.check(deadline));
    assertTrue(cancelled.getMessage().contains("cancelled"), cancelled.getMessage());
  }

  @Example
  void check_interruptBecomesCancellationWithTheFlagKept() {
    RenderGuard.Deadline deadline = guard.deadline("segment 4", 2, FILE, Duration.ofSeconds(1));
    Thread.currentThread().interrupt();
    RenderCancelledException cancelled = assertThrows(RenderCancelledException.class, () -> guard.check(deadline));
    assertTrue(cancelled.getMessage().contains("interrupted"), cancelled.getMessage());
    assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag must stay set for the caller");
    Thread.interrupted();
    assertDoesNotThrow(() -> guard.check(deadline));
  }

  @Example
  void check_interruptWinsOverAnExpiredDeadline() {
    RenderGuard.Deadline deadline = guard.deadline("segment 4", 2, FILE, Duration.ofSeconds(1));
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    Thread.currentThread().interrupt();
    assertThrows(RenderCancelledException.class, () -> guard.check(deadline));
    assertTrue(Thread.interrupted());
  }

  @Example
  void check_tokenCancelledFromAnotherThreadIsSeen() throws InterruptedException {
    RenderGuard.Deadline deadline = guard.deadline("segment 0", 0, FILE, Duration.ofSeconds(1));
    Thread canceller = new Thread(token::cancel, "test-canceller");
    canceller.start();
    canceller.join(1000);
    assertFalse(canceller.isAlive());
    assertThrows(RenderCancelledException.class, () -> guard.check(deadline));
  }
}
