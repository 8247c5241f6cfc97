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

/**
 * Stall budgets, cancellation and interrupts, on a clock the test moves: slow but steady steps pass
 * however long they run; one unit of work longer than the budget fails naming its clip.
 */
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
  void slowButSteadyProgress_neverFails_howeverLongTheStepRuns() {
    RenderGuard.Watch watch = guard.watch("segment 0", 0, FILE, Duration.ofSeconds(90));
    for (int frame = 0; frame < 10_000; frame++) {
      clock.addAndGet(Duration.ofSeconds(89).toNanos()); // a machine so busy that each frame takes 89 s
      guard.check(watch);
    }
    assertTrue(clock.get() > Duration.ofDays(10).toNanos(), "ten days of work, never a stall");
  }

  @Example
  void stall_namesTheClipTheStepMovedOnTo() {
    RenderGuard.Watch watch = guard.watch("segment 2", 4, Path.of("a.mp4"), Duration.ofSeconds(90));
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    guard.check(watch);
    watch.on(5, Path.of("b.mp4"));
    clock.addAndGet(Duration.ofSeconds(91).toNanos());

    RenderTimeoutException stalled = assertThrows(RenderTimeoutException.class, () -> guard.check(watch));
    assertEquals(OptionalInt.of(5), stalled.clipIndex());
    assertEquals(Optional.of(Path.of("b.mp4")), stalled.file());
    assertEquals("clip 5 (b.mp4): segment 2 stalled: no progress for 91000 ms, more than its stall budget of"
        + " 90000 ms; the source stopped delivering data or the decoder hung (if the machine is only very slow,"
        + " raise the budget with timeouts(...))", stalled.getMessage());
  }

  @Example
  void check_passesUpToTheBudgetAndFailsOneNanosecondAfter() {
    RenderGuard.Watch watch = guard.watch("segment 2", 3, FILE, Duration.ofSeconds(5));
    clock.addAndGet(Duration.ofSeconds(5).toNanos());
    assertDoesNotThrow(() -> guard.check(watch));
    clock.addAndGet(Duration.ofSeconds(5).toNanos());
    assertDoesNotThrow(() -> guard.check(watch));
    clock.addAndGet(Duration.ofSeconds(5).toNanos() + 1);
    RenderTimeoutException timeout = assertThrows(RenderTimeoutException.class, () -> guard.check(watch));
    assertTrue(timeout.getMessage().contains("segment 2 stalled"), timeout.getMessage());
    assertTrue(timeout.getMessage().contains("5000 ms"), timeout.getMessage());
    assertEquals(Duration.ofSeconds(5), timeout.budget());
    assertEquals(OptionalInt.of(3), timeout.clipIndex());
    assertEquals(Optional.of(FILE), timeout.file());
  }

  /** The budget compares differences, so it holds across the clock's wrap-around. */
  @Property(tries = 300, seed = "20261127")
  void check_budgetHoldsWhereverTheClockStarts(
      @ForAll long start, @ForAll @LongRange(min = 0, max = 1L << 62) long budgetNanos) {
    clock.set(start);
    RenderGuard.Watch watch = guard.watch("join", -1, FILE, Duration.ofNanos(budgetNanos));
    clock.set(start + budgetNanos);
    assertDoesNotThrow(() -> guard.check(watch));
    clock.set(start + 2 * budgetNanos + 1);
    assertThrows(RenderTimeoutException.class, () -> guard.check(watch));
  }

  @Example
  void check_zeroBudgetExpiresAtTheNextTick() {
    RenderGuard.Watch watch = guard.watch("probe", 0, FILE, Duration.ZERO);
    assertDoesNotThrow(() -> guard.check(watch));
    clock.incrementAndGet();
    assertThrows(RenderTimeoutException.class, () -> guard.check(watch));
  }

  @Example
  void eachCheck_restartsTheBudget() {
    RenderGuard.Watch watch = guard.watch("segment 0", 1, FILE, Duration.ofMillis(20));
    assertEquals(Duration.ofMillis(20), watch.budget());
    for (int unit = 0; unit < 5; unit++) {
      clock.addAndGet(Duration.ofMillis(20).toNanos());
      assertDoesNotThrow(() -> guard.check(watch));
    }
  }

  @Example
  void check_cancelledTokenWinsOverEverythingElse() {
    RenderGuard.Watch watch = guard.watch("segment 1", 0, FILE, Duration.ofSeconds(1));
    token.cancel();
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    RenderCancelledException cancelled = assertThrows(RenderCancelledException.class, () -> guard.check(watch));
    assertTrue(cancelled.getMessage().contains("cancelled"), cancelled.getMessage());
  }

  @Example
  void check_interruptBecomesCancellationWithTheFlagKept() {
    RenderGuard.Watch watch = guard.watch("segment 4", 2, FILE, Duration.ofSeconds(1));
    Thread.currentThread().interrupt();
    RenderCancelledException cancelled = assertThrows(RenderCancelledException.class, () -> guard.check(watch));
    assertTrue(cancelled.getMessage().contains("interrupted"), cancelled.getMessage());
    assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag must stay set for the caller");
    Thread.interrupted();
    assertDoesNotThrow(() -> guard.check(watch));
  }

  @Example
  void check_interruptWinsOverAStall() {
    RenderGuard.Watch watch = guard.watch("segment 4", 2, FILE, Duration.ofSeconds(1));
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    Thread.currentThread().interrupt();
    assertThrows(RenderCancelledException.class, () -> guard.check(watch));
    assertTrue(Thread.interrupted());
  }

  @Example
  void check_tokenCancelledFromAnotherThreadIsSeen() throws InterruptedException {
    RenderGuard.Watch watch = guard.watch("segment 0", 0, FILE, Duration.ofSeconds(1));
    Thread canceller = new Thread(token::cancel, "test-canceller");
    canceller.start();
    canceller.join(1000);
    assertFalse(canceller.isAlive());
    assertThrows(RenderCancelledException.class, () -> guard.check(watch));
  }
}
