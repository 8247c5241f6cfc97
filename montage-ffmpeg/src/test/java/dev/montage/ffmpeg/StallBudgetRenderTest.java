package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.RunOptions;
import dev.montage.core.SourceAccess;
import dev.montage.core.policy.FfmpegTimeouts;
import dev.montage.core.policy.Hardware;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.segment.WorkerContext;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time limits on whole renders: a machine so slow that the job takes many times the stall budget
 * still finishes (the budget bounds each frame, not the job), a frame slower than the budget fails
 * naming its clip, and the optional overall timeout stops a job with nothing left behind. The slow
 * machine is a clock that moves 10 s per reading, no sleeps.
 */
@CheckLeaks
class StallBudgetRenderTest {

  static final Path SOURCE = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));
  static final OutputFormat FORMAT = new OutputFormat(160, 120, 30, 48_000, 2);
  static final Duration TICK = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** Runs tasks in order in this thread, their worker context timing stalls on a clock of 10 s a reading. */
  static final class SlowMachine implements SegmentExecutor {
    final AtomicLong clock = new AtomicLong();

    @Override
    public List<SegmentResult> execute(List<? extends SegmentTask> tasks, int parallelism, SegmentEnvironment driver) {
      List<SegmentResult> results = new ArrayList<>();
      for (SegmentTask task : tasks) {
        try (SlowEnvironment environment = new SlowEnvironment(driver, () -> clock.addAndGet(TICK.toNanos()))) {
          results.add(task.run(environment));
        }
      }
      return results;
    }
  }

  /** The driver's environment, but with a worker context on the slow clock. */
  static final class SlowEnvironment implements SegmentEnvironment, AutoCloseable {
    private final SegmentEnvironment driver;
    private final WorkerContext context;

    SlowEnvironment(SegmentEnvironment driver, java.util.function.LongSupplier clock) {
      this.driver = driver;
      this.context = WorkerContext.open(this, FORMAT, 1, SourceAccess.LOCAL_FILES, clock);
    }

    @Override
    public Path workDir() {
      return driver.workDir();
    }

    @Override
    public void framesDone(long frames) {
      driver.framesDone(frames);
    }

    @Override
    public boolean cancelled() {
      return driver.cancelled();
    }

    @Override
    public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
      return type.cast(context);
    }

    @Override
    public void close() {
      context.close();
    }
  }

  private MontageBuilder job(Path jobTemp, FfmpegTimeouts stallBudget) {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30).tempDir(jobTemp)
        .batchSizing((w, h, m) -> 2)
        .clip(SOURCE, Duration.ZERO, Duration.ofMillis(500))
        .clip(SOURCE, Duration.ofMillis(500), Duration.ofMillis(1000))
        .clip(SOURCE, Duration.ofMillis(1000), Duration.ofMillis(1500))
        .streamCopy(false).timeouts(stallBudget);
  }

  private static RunOptions on(SegmentExecutor executor) {
    return RunOptions.builder().hardware(new Hardware(2, 8L << 30, false)).segmentExecutor(executor).build();
  }

  @Test
  void slowMachine_finishesAJobThatTakesManyTimesTheStallBudget(@JobTempDir Path jobTemp) {
    SlowMachine slow = new SlowMachine();
    RenderResult result = job(jobTemp, (mb, w, h, gpu) -> Duration.ofSeconds(30)).build().render(on(slow));

    assertEquals(45, result.frameCount());
    assertTrue(Duration.ofNanos(slow.clock.get()).compareTo(Duration.ofMinutes(7)) > 0,
        "the segments took " + Duration.ofNanos(slow.clock.get()) + " on the slow clock, 14 times the budget");
  }

  @Test
  void frameSlowerThanTheStallBudget_failsNamingItsClip(@JobTempDir Path jobTemp) throws IOException {
    RenderTimeoutException stalled = assertThrows(RenderTimeoutException.class,
        () -> job(jobTemp, (mb, w, h, gpu) -> Duration.ofSeconds(5)).build().render(on(new SlowMachine())));

    assertEquals(0, stalled.clipIndex().orElseThrow(), stalled.getMessage());
    assertEquals(SOURCE.toAbsolutePath(), stalled.file().orElseThrow());
    assertTrue(stalled.getMessage().contains("segment 0 stalled: no progress for 10000 ms"), stalled.getMessage());
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "nothing at or beside the output");
    }
  }

  @Test
  void overallTimeout_stopsTheJobWithNothingLeftBehind(@JobTempDir Path jobTemp) throws IOException {
    RenderTimeoutException timedOut = assertThrows(RenderTimeoutException.class,
        () -> job(jobTemp, FfmpegTimeouts.DEFAULT).timeout(Duration.ofNanos(1)).build().render());

    assertEquals(Duration.ofNanos(1), timedOut.budget());
    assertTrue(timedOut.getMessage().contains("the job ran past its overall timeout"), timedOut.getMessage());
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "nothing at or beside the output");
    }
  }

  @Test
  void overallTimeout_notReached_changesNothing(@JobTempDir Path jobTemp) {
    RenderResult result = job(jobTemp, FfmpegTimeouts.DEFAULT).timeout(Duration.ofHours(1)).build().render();
    assertEquals(45, result.frameCount());
  }
}
