package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.CancellationToken;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run as a call: {@link RunOptions} given to {@code render}, {@code renderAsync} and its
 * cancellation, a job derived from a cancelled run, and {@code plannedFrames()} against real renders.
 */
@CheckLeaks
class RunOptionsRenderTest {

  @TempDir Path dir;
  Path jobTemp;
  ExecutorService renders;

  @BeforeEach
  void setUp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
    this.renders = Executors.newSingleThreadExecutor(r -> new Thread(r, "montage-render-test"));
  }

  /** Every render has ended (and cleaned up) before the leak and temp-dir checks run. */
  @AfterEach
  void awaitRenders() throws InterruptedException {
    renders.shutdown();
    assertTrue(renders.awaitTermination(60, TimeUnit.SECONDS), "the render thread did not end");
  }

  private MontageBuilder builder() {
    Path a = RenderTest.source(160, 120, 30, 3, 440);
    Path b = RenderTest.source(160, 120, 30, 3, 880);
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).streamCopy(false)
        .clip(a, Duration.ofMillis(200), Duration.ofMillis(2200))
        .clip(b, Duration.ofMillis(500), Duration.ofMillis(2500));
  }

  private static RunOptions small() {
    return RunOptions.builder().hardware(RenderTest.SMALL_MACHINE).build();
  }

  @Test
  void renderAsync_completesWithTheResult() throws Exception {
    MontageJob job = builder().build();
    RenderResult result = job.renderAsync(small(), renders).get(60, TimeUnit.SECONDS);
    assertEquals(job.plannedFrames().orElseThrow(), result.frameCount());
    assertEquals(DecodedVideo.of(result.output()).frameCount(), result.frameCount());
  }

  @Test
  void renderAsync_cancelStopsTheRenderAndLeavesNothing() throws Exception {
    AtomicReference<CompletableFuture<RenderResult>> future = new AtomicReference<>();
    RunOptions options = small().toBuilder()
        .progressListener(p -> {
          if (p.fraction() >= 0.3) {
            future.get().cancel(true); // from the render's own callback: deterministic, no sleeps
          }
        })
        .build();
    // Hold the task until the future is known to the callback.
    CompletableFuture<Runnable> task = new CompletableFuture<>();
    CompletableFuture<RenderResult> render = builder().build().renderAsync(options, task::complete);
    future.set(render);
    renders.execute(task.join());

    assertThrows(CancellationException.class, () -> render.get(60, TimeUnit.SECONDS));
    assertTrue(render.isCancelled());
    renders.shutdown();
    assertTrue(renders.awaitTermination(60, TimeUnit.SECONDS), "the render did not stop");
    assertFalse(Files.exists(dir.resolve("out.mp4")));
    try (var left = Files.list(dir)) {
      assertEquals(0, left.filter(path -> path.getFileName().toString().endsWith(".part")).count());
    }
  }

  @Test
  void renderAsync_optionsTokenCancelsToo_andIsNeverCancelledByTheFuture() throws Exception {
    CancellationToken shared = CancellationToken.create();
    CompletableFuture<RenderResult> cancelledFuture = builder().build()
        .renderAsync(small().toBuilder().cancellation(shared).build(), task -> { });
    cancelledFuture.cancel(true);
    assertFalse(shared.isCancelled(), "cancelling one future must not cancel a token shared with other runs");

    shared.cancel();
    CompletableFuture<RenderResult> render = builder().build()
        .renderAsync(small().toBuilder().cancellation(shared).build(), renders);
    ExecutionException e = assertThrows(ExecutionException.class, () -> render.get(60, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof RenderCancelledException, e::toString);
  }

  @Test
  void toBuilder_ofAJobWhoseRunWasCancelled_rendersAfresh() throws Exception {
    CancellationToken token = CancellationToken.create();
    token.cancel();
    MontageBuilder cancelled = builder().hardware(RenderTest.SMALL_MACHINE).cancellation(token);
    assertThrows(RenderCancelledException.class, cancelled::render);
    assertFalse(Files.exists(dir.resolve("out.mp4")));

    MontageJob job = cancelled.build();
    RenderResult derived = job.toBuilder().output(dir.resolve("derived.mp4")).build().render(small());
    assertEquals(job.plannedFrames().orElseThrow(), derived.frameCount());
    RenderResult again = job.render(small());
    assertEquals(derived.frameCount(), again.frameCount());
  }

  @Test
  void plannedFrames_equalsRenderedFrames_withCrossfadesAndOddRates() throws Exception {
    Path a = RenderTest.source(160, 120, 25, 3, 440);
    Path b = RenderTest.source(160, 120, 30, 3, 880);
    MontageJob[] jobs = {
        MontageBuilder.create().output(dir.resolve("one.mp4")).size(160, 120).frameRate(29.97).tempDir(jobTemp)
            .crossfade(Duration.ofMillis(333))
            .clip(a, Duration.ofMillis(100), Duration.ofMillis(1433))
            .clip(b, Duration.ofMillis(50), Duration.ofMillis(1117))
            .clip(a, Duration.ofMillis(700), Duration.ofMillis(1900))
            .build(),
        MontageBuilder.create().output(dir.resolve("two.mp4")).size(160, 120).frameRate(25).tempDir(jobTemp)
            .crossfade(Duration.ofMillis(20)) // half a frame at 25 fps: rounds up to one frame
            .clip(b, "0.35", "0.7")
            .clip(a, "0:01.1", "0:01.45")
            .clip(b, "00:00:02.000", "00:00:02.350")
            .build(),
        MontageBuilder.create().output(dir.resolve("three.mkv")).size(160, 120).frameRate(24).tempDir(jobTemp)
            .streamCopy(false)
            .clip(b, Duration.ofMillis(10), Duration.ofMillis(1010))
            .clip(b, Duration.ofMillis(1010), Duration.ofMillis(2011))
            .build()};
    for (MontageJob job : jobs) {
      RenderResult result = job.render(small());
      assertEquals(RenderResult.RenderMode.REENCODE, result.mode(), job::toString);
      assertEquals(job.plannedFrames().orElseThrow(), result.frameCount(), job::toString);
      assertEquals(job.plannedDuration().orElseThrow(), result.duration(), job::toString);
      assertEquals(result.frameCount(), DecodedVideo.of(result.output()).frameCount(), job::toString);
    }
  }
}
