package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.CancellationToken;
import dev.montage.core.EncodingException;
import dev.montage.core.InvalidJobException;
import dev.montage.core.Isolation;
import dev.montage.core.MontageBuilder;
import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a host can get wrong, and what it gets back: a typed failure and nothing left behind, or the
 * render it meant. Each of these once ended otherwise (a source overwritten, an output left after a
 * failure, a render running on after its future timed out, an overflow).
 */
@CheckLeaks
class CallerMistakesTest {

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

  private MontageBuilder builder(Path output) {
    return MontageBuilder.create().output(output).size(160, 120).frameRate(30).tempDir(jobTemp).streamCopy(false)
        .hardware(RenderTest.SMALL_MACHINE);
  }

  @Test
  void anOutputThatIsASourceUnderAnotherName_isRefusedAndTheSourceKept() throws Exception {
    Path victim = Files.copy(RenderTest.source(160, 120, 30, 2, 440), dir.resolve("victim.mp4"));
    Path link = Files.createSymbolicLink(dir.resolve("link.mp4"), victim);
    byte[] before = Files.readAllBytes(victim);

    OutputException e = assertThrows(OutputException.class,
        () -> builder(victim).clip(link, Duration.ZERO, Duration.ofSeconds(1)).render());

    assertTrue(e.getMessage().contains("clip 0's source") && e.getMessage().contains("choose another output"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(victim), "the source is untouched");
  }

  @Test
  void anOutputThatIsALinkToASource_isReplacedByTheRenderAndTheSourceKept() throws Exception {
    Path source = Files.copy(RenderTest.source(160, 120, 30, 2, 440), dir.resolve("v3.mp4"));
    Path latest = Files.createSymbolicLink(dir.resolve("latest.mp4"), source);
    byte[] before = Files.readAllBytes(source);

    RenderResult result = builder(latest).clip(source, Duration.ZERO, Duration.ofSeconds(1)).render();

    assertEquals(30, result.frameCount());
    assertFalse(Files.isSymbolicLink(latest), "the link's name now holds the render");
    assertArrayEquals(before, Files.readAllBytes(source), "the source is untouched");
  }

  @Test
  void aListenerThatThrowsAtTheEnd_failsTheRenderWithNothingAtTheOutput() {
    Path out = dir.resolve("out.mp4");
    EncodingException e = assertThrows(EncodingException.class, () -> builder(out)
        .clip(RenderTest.source(160, 120, 30, 1, 440), Duration.ZERO, Duration.ofMillis(500))
        .onProgress(p -> {
          if (p.fraction() >= 1) {
            throw new IllegalStateException("listener bug");
          }
        })
        .render());
    assertTrue(e.getMessage().contains("listener bug"), e.getMessage());
    assertFalse(Files.exists(out), "no output under its name after a failed render");
  }

  @Test
  void aCancelFromTheLastProgressReport_leavesNothing() {
    Path out = dir.resolve("out.mp4");
    CancellationToken token = CancellationToken.create();
    assertThrows(RenderCancelledException.class, () -> builder(out)
        .clip(RenderTest.source(160, 120, 30, 1, 440), Duration.ZERO, Duration.ofMillis(500))
        .cancellation(token)
        .onProgress(p -> {
          if (p.fraction() >= 1) {
            token.cancel();
          }
        })
        .render());
    assertFalse(Files.exists(out), "cancelled at 100%: the output is not moved into place");
  }

  @Test
  void aFutureCompletedFromOutside_stopsItsRenderAndLeavesNothing() throws Exception {
    Path out = dir.resolve("out.mp4");
    AtomicReference<CompletableFuture<RenderResult>> future = new AtomicReference<>();
    RunOptions options = RunOptions.builder().hardware(RenderTest.SMALL_MACHINE)
        .progressListener(p -> {
          if (p.fraction() >= 0.3 && p.fraction() < 1) {
            // what orTimeout does when the host's deadline passes mid-render
            future.get().completeExceptionally(new TimeoutException("the host's deadline"));
          }
        })
        .build();
    CompletableFuture<Runnable> task = new CompletableFuture<>();
    CompletableFuture<RenderResult> render = builder(out)
        .clip(RenderTest.source(160, 120, 30, 3, 440), Duration.ZERO, Duration.ofSeconds(3))
        .build()
        .renderAsync(options, task::complete);
    future.set(render);
    renders.execute(task.join());

    ExecutionException e = assertThrows(ExecutionException.class, () -> render.get(60, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof TimeoutException, e::toString);
    renders.shutdown();
    assertTrue(renders.awaitTermination(60, TimeUnit.SECONDS), "the render did not stop");
    assertFalse(Files.exists(out), "the render went on after its future completed");
  }

  @Test
  void aTimeoutOfForever_isNoLimit() {
    RenderResult result = builder(dir.resolve("out.mp4"))
        .clip(RenderTest.source(160, 120, 30, 1, 440), Duration.ZERO, Duration.ofMillis(500))
        .timeout(ChronoUnit.FOREVER.getDuration())
        .render();
    assertEquals(15, result.frameCount());
  }

  @Test
  void isolationWithASegmentExecutor_isRefusedBeforeAnythingRuns() {
    SegmentExecutor elsewhere = new SegmentExecutor() {
      @Override
      public List<SegmentResult> execute(List<? extends SegmentTask> tasks, int parallelism, SegmentEnvironment driver) {
        throw new AssertionError("no task may reach an executor whose tasks cannot be isolated");
      }
    };
    InvalidJobException e = assertThrows(InvalidJobException.class, () -> builder(dir.resolve("out.mp4"))
        .clip(RenderTest.source(160, 120, 30, 1, 440))
        .isolation(Isolation.PROCESS)
        .segmentExecutor(elsewhere)
        .render());
    assertTrue(e.getMessage().contains("cannot be combined"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out.mp4")));
  }
}
