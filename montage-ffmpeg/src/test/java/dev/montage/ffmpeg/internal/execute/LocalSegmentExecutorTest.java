package dev.montage.ffmpeg.internal.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.montage.core.EncodingException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The local executor's ordering, bounds, failure merging, interrupts and thread hygiene. Tasks
 * coordinate through latches; every wait is bounded so a broken executor fails fast.
 */
@Timeout(10)
class LocalSegmentExecutorTest {

  static final long WAIT_SECONDS = 2;

  final LocalSegmentExecutor executor = new LocalSegmentExecutor();
  final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  final Set<Integer> started = ConcurrentHashMap.newKeySet();

  static List<Integer> plans(int count) {
    return IntStream.range(0, count).boxed().toList();
  }

  static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), "latch not reached in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Records the plan and the thread, then runs {@code body}. */
  LocalSegmentExecutor.Work<Integer, String> task(LocalSegmentExecutor.Work<Integer, String> body) {
    return plan -> {
      started.add(plan);
      threads.add(Thread.currentThread());
      return body.run(plan);
    };
  }

  void assertThreadsEnded() throws InterruptedException {
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      assertFalse(thread.isAlive(), thread.getName() + " still runs after executeAll returned");
    }
  }

  @Test
  void executeAll_resultsInPlanOrderWhateverOrderTheyFinish() {
    int n = 5;
    List<CountDownLatch> done = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      done.add(new CountDownLatch(i == n ? 0 : 1));
    }
    // Plan i finishes only after plan i + 1: they complete last to first.
    List<String> results = executor.executeAll(plans(n), n, task(plan -> {
      await(done.get(plan + 1));
      done.get(plan).countDown();
      return "result " + plan;
    }));
    assertEquals(List.of("result 0", "result 1", "result 2", "result 3", "result 4"), results);
  }

  @Test
  void executeAll_runsParallelismPlansAtOnceAndNoMore() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch threeIn = new CountDownLatch(3);
    List<String> results = executor.executeAll(plans(8), 3, task(plan -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      threeIn.countDown();
      await(threeIn); // the first three can only pass together
      running.decrementAndGet();
      return "ok";
    }));
    assertEquals(8, results.size());
    assertEquals(3, most.get());
    assertEquals(3, threads.size(), "a pool of exactly parallelism threads");
  }

  @Test
  void executeAll_neverMoreThreadsThanPlans() {
    executor.executeAll(plans(2), 16, task(plan -> "ok"));
    assertTrue(threads.size() <= 2, threads.toString());
  }

  @Test
  void executeAll_zeroParallelismStillRunsEveryPlanOnOneThread() {
    List<String> results = executor.executeAll(plans(4), 0, task(plan -> "p" + plan));
    assertEquals(List.of("p0", "p1", "p2", "p3"), results);
    assertEquals(1, threads.size());
  }

  @Test
  void executeAll_namesDaemonThreadsAndShutsThemDown() throws InterruptedException {
    executor.executeAll(plans(4), 2, task(plan -> "ok"));
    assertFalse(threads.isEmpty());
    for (Thread thread : threads) {
      assertTrue(thread.getName().matches("montage-segment-\\d+"), thread.getName());
      assertTrue(thread.isDaemon(), thread.getName() + " would keep the JVM alive");
    }
    assertThreadsEnded();
  }

  @Test
  void executeAll_afterAFailureNoFurtherPlanStarts() throws InterruptedException {
    IllegalStateException broke = new IllegalStateException("segment 0 broke");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> executor.executeAll(plans(5), 1, task(plan -> {
          throw broke;
        })));
    assertSame(broke, thrown);
    assertEquals(Set.of(0), started);
    assertThreadsEnded();
  }

  /** A segment as the renderer's tasks behave: it stops once its environment says cancelled. */
  record Segment(int index, CountDownLatch running, boolean fatal) implements SegmentTask {
    Segment(int index, CountDownLatch running) {
      this(index, running, false);
    }

    @Override
    public long frames() {
      return 1;
    }

    @Override
    public SegmentResult run(SegmentEnvironment environment) {
      if (index == 0) {
        await(running);
        if (fatal) {
          throw new OutOfMemoryError("Cannot reserve 3110400 bytes of direct buffer memory");
        }
        throw new IllegalStateException("segment 0 broke");
      }
      running.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (!environment.cancelled()) {
        assertTrue(System.nanoTime() < deadline, "segment " + index + " never saw the job stop");
        Thread.onSpinWait();
      }
      throw RenderCancelledException.byToken();
    }
  }

  /** The driver's side as a render gives it: never cancelled here, resources unused. */
  static final SegmentEnvironment DRIVER = new SegmentEnvironment() {
    @Override
    public Path workDir() {
      return Path.of("work");
    }

    @Override
    public void framesDone(long frames) {}

    @Override
    public boolean cancelled() {
      return false;
    }

    @Override
    public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
      throw new AssertionError("not used here");
    }
  };

  /**
   * As in a render: a segment fails, the executor then reports the job cancelled to the others,
   * which stop with RenderCancelledException. The real failure is thrown, the cancellations it
   * caused are dropped, and no further task starts.
   */
  @Test
  void execute_realFailureWinsOverTheCancellationsItCaused() throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    List<Segment> tasks = IntStream.range(0, 6).mapToObj(i -> new Segment(i, running)).toList();
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> executor.execute(tasks, 2, DRIVER));
    assertEquals("segment 0 broke", thrown.getMessage());
    assertEquals(0, thrown.getSuppressed().length, "a cancellation it caused is not a second failure");
  }

  @Test
  void executeAll_secondRealFailureIsSuppressedByTheFirst() throws InterruptedException {
    CountDownLatch bothIn = new CountDownLatch(2);
    IllegalStateException zero = new IllegalStateException("segment 0 broke");
    IllegalArgumentException one = new IllegalArgumentException("segment 1 broke");
    RuntimeException thrown = assertThrows(RuntimeException.class, () -> executor.executeAll(plans(4), 2, task(plan -> {
      bothIn.countDown();
      await(bothIn);
      throw plan == 0 ? zero : one;
    })));
    // Which one completes first is the scheduler's choice; the other must ride along, once.
    RuntimeException other = thrown == zero ? one : zero;
    assertTrue(thrown == zero || thrown == one, thrown.toString());
    assertEquals(List.of(other), List.of(thrown.getSuppressed()));
    assertEquals(Set.of(0, 1), started);
    assertThreadsEnded();
  }

  /**
   * An Error in one segment (direct buffers exhausted) is a typed failure like any other: the others
   * are told to stop (they would otherwise render on for minutes) and the caller gets a
   * MontageException with the Error as its cause.
   */
  @Test
  void execute_errorStopsTheOthersAndIsTyped() throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    List<Segment> tasks = IntStream.range(0, 4).mapToObj(i -> new Segment(i, running, true)).toList();
    EncodingException thrown = assertThrows(EncodingException.class, () -> executor.execute(tasks, 2, DRIVER));
    assertTrue(thrown.getCause() instanceof OutOfMemoryError, thrown.toString());
    assertTrue(thrown.getMessage().contains("the JVM ran out of memory (heap or direct buffers)"), thrown.getMessage());
    assertEquals(0, thrown.getSuppressed().length, "the cancellation it caused is not a second failure");
  }

  @Test
  void executeAll_checkedExceptionIsWrappedWithItsCause() {
    IOException io = new IOException("disk gone");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> executor.executeAll(plans(1), 1, task(plan -> sneakyThrow(io))));
    assertSame(io, thrown.getCause());
  }

  @SuppressWarnings("unchecked")
  static <T extends Throwable> String sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void executeAll_interruptOfTheCallerStopsWorkersAndKeepsTheFlag() throws InterruptedException {
    CountDownLatch bothRunning = new CountDownLatch(2);
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch workersInterrupted = new CountDownLatch(2);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flagAfter = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        executor.executeAll(plans(4), 2, task(plan -> {
          bothRunning.countDown();
          try {
            never.await(WAIT_SECONDS * 2, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            workersInterrupted.countDown();
            Thread.currentThread().interrupt();
          }
          return "stopped";
        }));
      } catch (Throwable t) {
        thrown.set(t);
      }
      flagAfter.set(Thread.currentThread().isInterrupted());
    }, "test-caller");
    caller.start();
    await(bothRunning);
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS * 2));
    assertFalse(caller.isAlive(), "executeAll did not return after the interrupt");

    assertInstanceOf(RenderCancelledException.class, thrown.get());
    assertEquals(Boolean.TRUE, flagAfter.get(), "the caller's interrupt flag must be restored");
    assertTrue(workersInterrupted.await(0, TimeUnit.SECONDS), "running segments were not interrupted");
    assertEquals(Set.of(0, 1), started);
    assertThreadsEnded();
  }

  /** An empty list once failed with ArrayIndexOutOfBoundsException (plan 0 of no plans submitted). */
  @Test
  void executeAll_noPlansNoResults() {
    assertEquals(List.of(), executor.executeAll(List.<Integer>of(), 2, task(plan -> "never")));
  }
}
