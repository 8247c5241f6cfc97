package dev.montage.ffmpeg.internal.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.RunOptions;
import dev.montage.core.SourceMediaException;
import dev.montage.core.policy.Hardware;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.ffmpeg.internal.segment.SegmentRenderTask;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Worker processes die and the host carries on: a native crash (SIGSEGV) in a worker, twice, fails
 * the segment with a typed exception naming the clip, the file and the signal; a worker killed with
 * SIGKILL mid-segment is replaced and the segment renders; no worker process outlives its pool.
 * The segments are real ones, captured from planning a job.
 */
@CheckLeaks
class WorkerPoolTest {

  static final Path SOURCE = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));
  static final List<SegmentRenderTask> TASKS = new ArrayList<>();

  @TempDir Path dir;

  /** Two segments of two clips each (15 frames a clip), planned by a real render in this process. */
  @BeforeAll
  static void captureSegments(@TempDir Path planned) {
    SegmentExecutor capture = new SegmentExecutor() {
      @Override
      public List<SegmentResult> execute(List<? extends SegmentTask> tasks, int parallelism,
          SegmentEnvironment driver) {
        List<SegmentResult> results = new ArrayList<>();
        for (SegmentTask task : tasks) {
          TASKS.add((SegmentRenderTask) task);
          results.add(task.run(driver));
        }
        return results;
      }
    };
    MontageBuilder.create().output(planned.resolve("out.mp4")).size(160, 120).frameRate(30).tempDir(planned)
        .batchSizing((w, h, m) -> 2)
        .clip(SOURCE, Duration.ZERO, Duration.ofMillis(500))
        .clip(SOURCE, Duration.ofMillis(500), Duration.ofMillis(1000))
        .clip(SOURCE, Duration.ofMillis(1000), Duration.ofMillis(1500))
        .clip(SOURCE, Duration.ofMillis(1500), Duration.ofMillis(2000))
        .streamCopy(false).build()
        .render(RunOptions.builder().hardware(new Hardware(1, 8L << 30, false)).segmentExecutor(capture).build());
  }

  /** The pid a worker running {@code FaultyTasks.WaitToBeKilledOnce} writes to {@code pidFile}, once it has. */
  private static long awaitPid(Path pidFile) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Files.notExists(pidFile) || Files.readString(pidFile).isBlank()) {
      assertTrue(System.nanoTime() < deadline, "the worker started");
      Thread.sleep(20);
    }
    return Long.parseLong(Files.readString(pidFile).trim());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void nativeCrashTwice_failsNamingTheClipFileAndSignal_andTheHostCarriesOn() {
    SegmentRenderTask second = TASKS.get(1); // clips 2 and 3
    SegmentTask crashing = new FaultyTasks.CrashAfter(second, 20); // frame 20: clip 3 is showing
    List<Long> pids;
    try (WorkerPool pool = new WorkerPool(dir, 1L << 30)) {
      SourceMediaException crashed = assertThrows(SourceMediaException.class,
          () -> pool.run(new SegmentCall(crashing, second.plan()), dir, frames -> { }, () -> false,
              Duration.ofSeconds(60)));

      assertEquals(3, crashed.clipIndex().orElseThrow(), crashed.getMessage());
      assertEquals(SOURCE.toAbsolutePath(), crashed.file().orElseThrow());
      assertTrue(crashed.getMessage().contains("the decoder crashed the worker process (SIGSEGV)"),
          crashed.getMessage());
      pids = pool.pids();
      assertEquals(2, pids.size(), "tried once more in a fresh worker");
    }
    for (long pid : pids) {
      assertNotEquals(ProcessHandle.current().pid(), pid);
      assertFalse(alive(pid), "worker " + pid + " is gone");
    }
  }

  /**
   * A host thread interrupted while a worker renders (a web request's executor shut down): the
   * worker is told to stop, and the call ends cancelled instead of running the segment to its end.
   */
  @Test
  void interruptingTheCallingThread_cancelsTheCall(@JobTempDir Path work) throws Exception {
    SegmentRenderTask first = TASKS.get(0);
    java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
    try (WorkerPool pool = new WorkerPool(dir, 1L << 30)) {
      Thread caller = new Thread(() -> {
        try {
          pool.run(new SegmentCall(new FaultyTasks.UntilCancelled(first), first.plan()), work, frames -> { },
              () -> false, Duration.ofSeconds(60));
          ended.set(new AssertionError("the call returned"));
        } catch (RuntimeException e) {
          ended.set(e);
        }
      }, "montage-test-caller");
      caller.start();
      awaitPid(work.resolve("pid.txt"));
      caller.interrupt();
      caller.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(caller.isAlive(), "the call ended after its thread was interrupted");
    }
    assertTrue(ended.get() instanceof dev.montage.core.RenderCancelledException, String.valueOf(ended.get()));
    Files.delete(work.resolve("pid.txt")); // the task's own file: a segment's would be its attempt's
  }

  @Test
  void aBugInTheWorker_failsNamingTheClipAndFileItReached() {
    SegmentRenderTask second = TASKS.get(1); // clips 2 and 3
    try (WorkerPool pool = new WorkerPool(dir, 1L << 30)) {
      dev.montage.core.EncodingException failed = assertThrows(dev.montage.core.EncodingException.class,
          () -> pool.run(new SegmentCall(new FaultyTasks.FailAfter(second, 20), second.plan()), dir, frames -> { },
              () -> false, Duration.ofSeconds(60)));

      assertEquals(3, failed.clipIndex().orElseThrow(), failed.getMessage());
      assertEquals(SOURCE.toAbsolutePath(), failed.file().orElseThrow());
      assertTrue(failed.getMessage().contains("unexpected failure in the worker process while segment 1"),
          failed.getMessage());
      assertEquals(1, pool.pids().size(), "a bug is not a crash: the worker stays and nothing is retried");
    }
  }

  @Test
  void workerThatSendsNothingForTheStallBudget_isKilled_andTheCallFailsAsStalled() {
    SegmentRenderTask second = TASKS.get(1);
    long started = System.nanoTime();
    List<Long> pids;
    try (WorkerPool pool = new WorkerPool(dir, 1L << 30)) {
      RenderTimeoutException stalled = assertThrows(RenderTimeoutException.class,
          () -> pool.run(new SegmentCall(new FaultyTasks.Hang(second), second.plan()), dir, frames -> { },
              () -> false, Duration.ofSeconds(2)));

      assertEquals(2, stalled.clipIndex().orElseThrow(), "the segment's first clip: no frame was done");
      assertEquals(Duration.ofSeconds(2), stalled.budget());
      assertTrue(stalled.getMessage().contains("segment 1 stalled: no progress for"), stalled.getMessage());
      pids = pool.pids();
      assertEquals(1, pids.size(), "a stall is not tried again: the source would stall again");
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0);
    assertFalse(alive(pids.get(0)), "the stalled worker was killed");
  }

  @Test
  void workerKilledMidSegment_isReplacedAndTheSegmentRenders(@JobTempDir Path work) throws Exception {
    SegmentRenderTask first = TASKS.get(0);
    AtomicLong frames = new AtomicLong();
    List<Long> pids;
    try (WorkerPool pool = new WorkerPool(dir, 1L << 30)) {
      CompletableFuture<SegmentResult> rendering = CompletableFuture.supplyAsync(() -> (SegmentResult) pool.run(
          new SegmentCall(new FaultyTasks.WaitToBeKilledOnce(first), first.plan()), work, frames::addAndGet,
          () -> false, Duration.ofSeconds(60)));
      Path pidFile = work.resolve("pid.txt");
      long victim = awaitPid(pidFile);
      assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly());

      SegmentResult result = rendering.get(60, TimeUnit.SECONDS);

      assertEquals(30, result.frames());
      assertEquals(30, frames.get());
      assertTrue(Files.size(first.plan().videoPath(work)) > 0, "the segment's video was written");
      pids = pool.pids();
      assertEquals(2, pids.size());
      assertEquals(victim, pids.get(0));
      Files.delete(pidFile);
      Files.delete(first.plan().videoPath(work));
      Files.delete(first.plan().audioPath(work));
    }
    for (long pid : pids) {
      assertFalse(alive(pid), "worker " + pid + " is gone");
    }
  }

  @Test
  void workersIdleForTheKeep_areEnded_recentOnesStay_andTheNextCallStartsAFreshOne(@JobTempDir Path work)
      throws Exception {
    SegmentRenderTask first = TASKS.get(0);
    List<Long> pids;
    try (WorkerPool pool = new WorkerPool(dir, 1L << 30)) {
      pool.run(new SegmentCall(first, first.plan()), work, frames -> { }, () -> false, Duration.ofSeconds(60));
      long idleWorker = pool.pids().get(0);
      long now = System.nanoTime();

      assertEquals(0, pool.retireIdle(now, Duration.ofHours(1)), "idle for less than the keep");
      assertEquals(0, pool.retireIdle(Long.MAX_VALUE, java.time.temporal.ChronoUnit.FOREVER.getDuration()),
          "a keep of centuries: never");
      assertTrue(alive(idleWorker));
      assertEquals(1, pool.retireIdle(now + Duration.ofHours(2).toNanos(), Duration.ofHours(1)));
      java.util.Optional<ProcessHandle> ending = ProcessHandle.of(idleWorker);
      if (ending.isPresent()) {
        ending.get().onExit().get(30, TimeUnit.SECONDS);
      }
      assertFalse(alive(idleWorker), "the idle worker ended");

      Files.delete(first.plan().videoPath(work));
      Files.delete(first.plan().audioPath(work));
      pool.run(new SegmentCall(first, first.plan()), work, frames -> { }, () -> false, Duration.ofSeconds(60));
      pids = pool.pids();
      assertEquals(2, pids.size(), "the next call started a fresh worker: " + pids);
      Files.delete(first.plan().videoPath(work));
      Files.delete(first.plan().audioPath(work));
    }
    for (long pid : pids) {
      assertFalse(alive(pid), "worker " + pid + " is gone");
    }
  }

  @Test
  void anIdleWorkerThatDied_isReplacedWithoutUsingUpTheNextCallsRetry(@JobTempDir Path work) throws Exception {
    SegmentRenderTask first = TASKS.get(0);
    List<Long> pids;
    try (WorkerPool pool = new WorkerPool(dir, 1L << 30)) {
      pool.run(new SegmentCall(first, first.plan()), work, frames -> { }, () -> false, Duration.ofSeconds(60));
      ProcessHandle idle = ProcessHandle.of(pool.pids().get(0)).orElseThrow();
      assertTrue(idle.destroyForcibly());
      idle.onExit().get(10, TimeUnit.SECONDS);

      // The next call's worker is killed once as well: it still has its retry, so it renders.
      CompletableFuture<SegmentResult> rendering = CompletableFuture.supplyAsync(() -> (SegmentResult) pool.run(
          new SegmentCall(new FaultyTasks.WaitToBeKilledOnce(first), first.plan()), work, frames -> { },
          () -> false, Duration.ofSeconds(60)));
      Path pidFile = work.resolve("pid.txt");
      assertTrue(ProcessHandle.of(awaitPid(pidFile)).orElseThrow().destroyForcibly());

      assertEquals(30, rendering.get(60, TimeUnit.SECONDS).frames());
      pids = pool.pids();
      assertEquals(3, pids.size(), "the dead idle worker, the killed one, the one that rendered: " + pids);
      Files.delete(pidFile);
      Files.delete(first.plan().videoPath(work));
      Files.delete(first.plan().audioPath(work));
    }
    for (long pid : pids) {
      assertFalse(alive(pid), "worker " + pid + " is gone");
    }
  }
}
