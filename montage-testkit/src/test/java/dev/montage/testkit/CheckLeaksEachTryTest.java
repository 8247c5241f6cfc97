package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** {@link CheckLeaksEachTry} run through jqwik's engine on properties that leak, or do not, on purpose. */
class CheckLeaksEachTryTest {

  @AfterEach
  void release() {
    Subjects.release();
  }

  @Test
  void property_leakingOneTry_isFalsifiedWithTheOpeningStack() {
    Throwable failure = singleFailure(run("leaksOnTheThirdTry"));
    LeakDetectedError leak = assertInstanceOf(LeakDetectedError.class, failure);
    assertTrue(leak.failedChecks().contains(LeakCheck.HANDLES), leak.getMessage());
    assertTrue(leak.getMessage().contains("leaked by try 3"), leak.getMessage());
  }

  @Test
  void property_closingWhatItOpens_passes() {
    EngineExecutionResults results = run("closesEverything");
    assertEquals(0, results.testEvents().failed().count());
    assertEquals(1, results.testEvents().succeeded().count());
    assertEquals(5, Subjects.TRIES.get());
  }

  @Test
  void property_failingAndLeaking_keepsItsOwnFailureWithTheLeakSuppressed() {
    Throwable failure = singleFailure(run("failsAndLeaks"));
    assertInstanceOf(AssertionError.class, failure);
    assertEquals("the try's own failure", failure.getMessage());
    assertEquals(1, failure.getSuppressed().length);
    assertInstanceOf(LeakDetectedError.class, failure.getSuppressed()[0]);
  }

  private static EngineExecutionResults run(String property) {
    return EngineTestKit.engine("jqwik").selectors(selectMethod(Subjects.class, property, "int")).execute();
  }

  private static Throwable singleFailure(EngineExecutionResults results) {
    List<Event> failed = results.testEvents().failed().list();
    assertEquals(1, failed.size(), () -> "failed: " + failed);
    return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
  }

  /** Leaks on purpose; tagged so that surefire leaves them to this meta-test. */
  @Tag(MetaSubject.TAG)
  static class Subjects {

    static final AtomicInteger TRIES = new AtomicInteger();
    private static final List<Long> OPEN = new CopyOnWriteArrayList<>();

    static void release() {
      for (long id : OPEN) {
        TestRenderer.LEDGER.close(id);
      }
      OPEN.clear();
      TRIES.set(0);
    }

    @Property(tries = 5, shrinking = ShrinkingMode.OFF, seed = "1")
    @CheckLeaksEachTry
    void leaksOnTheThirdTry(@ForAll @IntRange(min = 0, max = 9) int any) {
      if (TRIES.incrementAndGet() == 3) {
        OPEN.add(TestRenderer.LEDGER.open("grabber", "leaked by try 3"));
      }
    }

    @Property(tries = 5, seed = "1")
    @CheckLeaksEachTry
    void closesEverything(@ForAll @IntRange(min = 0, max = 9) int any) {
      TRIES.incrementAndGet();
      TestRenderer.LEDGER.close(TestRenderer.LEDGER.open("grabber", "closed by its try"));
    }

    @Property(tries = 5, shrinking = ShrinkingMode.OFF, seed = "1")
    @CheckLeaksEachTry
    void failsAndLeaks(@ForAll @IntRange(min = 0, max = 9) int any) {
      OPEN.add(TestRenderer.LEDGER.open("grabber", "leaked by a failing try"));
      throw new AssertionError("the try's own failure");
    }
  }
}
