package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared workers' handle: a renderer's pool made once, closed with it; options carry it and isolate. */
class WorkerProcessesTest {

  /** A renderer's pool that counts its closes. */
  static final class Pool implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void attachedPool_isMadeOnce_andClosedOnceWithTheHandle() {
    AtomicInteger made = new AtomicInteger();
    WorkerProcesses workers = WorkerProcesses.create();
    Pool pool = workers.attached(Pool.class, () -> {
      made.incrementAndGet();
      return new Pool();
    });
    assertSame(pool, workers.attached(Pool.class, Pool::new));
    assertEquals(1, made.get());

    workers.close();
    workers.close();
    assertEquals(1, pool.closes.get());
    assertThrows(IllegalStateException.class, () -> workers.attached(Pool.class, Pool::new));
  }

  @Test
  void aPoolThatFailsToClose_isReported_afterTheOthersClosed() {
    WorkerProcesses workers = WorkerProcesses.create();
    Pool other = workers.attached(Pool.class, Pool::new);
    workers.attached(AutoCloseable.class, () -> () -> {
      throw new java.io.IOException("stuck");
    });
    IllegalStateException failure = assertThrows(IllegalStateException.class, workers::close);
    assertEquals("stuck", failure.getCause().getMessage());
    assertEquals(1, other.closes.get());
  }

  @Test
  void keepIdle_isFiveMinutesUnlessSaid_andMustBePositive() {
    assertEquals(java.time.Duration.ofMinutes(5), WorkerProcesses.create().keepIdle());
    assertEquals(java.time.Duration.ofSeconds(30), WorkerProcesses.create(java.time.Duration.ofSeconds(30)).keepIdle());
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> WorkerProcesses.create(java.time.Duration.ZERO));
    assertEquals("keepIdle must be positive but was PT0S", zero.getMessage());
  }

  @Test
  void runOptions_carryTheHandle_andIsolate() {
    WorkerProcesses workers = WorkerProcesses.create();
    RunOptions options = RunOptions.builder().workerProcesses(workers).build();
    assertSame(workers, options.workerProcesses().orElseThrow());
    assertEquals(Isolation.PROCESS, options.isolation());
    assertSame(workers, options.toBuilder().build().workerProcesses().orElseThrow());
    assertTrue(RunOptions.defaults().workerProcesses().isEmpty());
  }
}
