package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.core.Isolation;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.RunOptions;
import dev.montage.core.SourceMediaException;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources that are named pipes ({@code mkfifo}, a shell's {@code <(...)}): read once into the job's
 * temp dir, then rendered like files; a pipe that stops delivering fails the job as stalled, for
 * that clip, within the stall budget, leaving nothing behind.
 */
@CheckLeaks
class NamedPipeSourceTest {

  static final Path SOURCE = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));
  /**
   * The stall budget of reading a pipe: the timeout policy for a source of unknown size (0 MB), made
   * short here so that a stall shows in a test; sources of known size (probing a file, in a worker
   * process too) keep a generous one.
   */
  static final Duration BUDGET = Duration.ofSeconds(1);

  @TempDir Path dir;

  private Path fifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo makes a named pipe");
    return fifo;
  }

  /** A writer that opens {@code fifo}, writes {@code bytes} of the source, then waits for {@code release} before closing. */
  private static Thread writer(Path fifo, long bytes, CountDownLatch release) {
    Thread writer = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(Files.readAllBytes(SOURCE), 0, (int) bytes);
        out.flush();
        release.await();
      } catch (IOException | InterruptedException e) {
        // the reader gave up (broken pipe) or the test ended
      }
    }, "fifo-writer");
    writer.setDaemon(true);
    writer.start();
    return writer;
  }

  private MontageJob job(Path output, Path jobTemp, Path pipe) {
    return MontageBuilder.create().output(output).size(160, 120).frameRate(30).tempDir(jobTemp)
        .timeouts((mb, width, height, gpu) -> mb == 0 ? BUDGET : Duration.ofSeconds(60))
        .clip(SOURCE, Duration.ZERO, Duration.ofMillis(500))
        .clip(pipe, Duration.ofMillis(500), Duration.ofMillis(1500))
        .build();
  }

  private static RunOptions options(Isolation isolation) {
    return RunOptions.builder().hardware(new Hardware(2, 8L << 30, false)).isolation(isolation).build();
  }

  @Test
  void aPipeDeliveringAWholeFile_rendersLikeTheFile(@JobTempDir Path jobTemp) throws Exception {
    for (Isolation isolation : Isolation.values()) {
      Path pipe = fifo("live-" + isolation + ".mp4");
      CountDownLatch release = new CountDownLatch(0);
      Thread writer = writer(pipe, Files.size(SOURCE), release);
      Path output = dir.resolve("out-" + isolation + ".mp4");

      RenderResult result = job(output, jobTemp, pipe).render(options(isolation));

      writer.join(TimeUnit.SECONDS.toMillis(10));
      assertEquals(45, result.frameCount(), isolation + ": 15 frames of the file, 30 of the pipe");
      assertTrue(Files.size(output) > 0);
    }
  }

  @Test
  void aPipeThatStopsHalfWay_failsAsStalledOnItsClip_withinTheBudget(@JobTempDir Path jobTemp) throws Exception {
    Path pipe = fifo("stalls.mp4");
    CountDownLatch release = new CountDownLatch(1);
    Thread writer = writer(pipe, Files.size(SOURCE) / 2, release);
    Path output = dir.resolve("out.mp4");
    long started = System.nanoTime();
    try {
      RenderTimeoutException stalled = assertThrows(RenderTimeoutException.class,
          () -> job(output, jobTemp, pipe).render(options(Isolation.IN_PROCESS)));

      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(1, stalled.clipIndex().orElseThrow(), stalled.getMessage());
      assertEquals(pipe, stalled.file().orElseThrow());
      assertTrue(stalled.getMessage().contains("reading the pipe stalled"), stalled.getMessage());
      assertTrue(took.compareTo(BUDGET.plusSeconds(10)) < 0, "stopped soon after the budget, took " + took);
      assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt is not left to the caller");
      assertTrue(Files.notExists(output));
    } finally {
      release.countDown();
      writer.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  @Test
  void aPipeNobodyWritesTo_failsAsStalled_ratherThanWaitingForever(@JobTempDir Path jobTemp) throws Exception {
    Path pipe = fifo("silent.mp4");

    RenderTimeoutException stalled = assertThrows(RenderTimeoutException.class,
        () -> job(dir.resolve("out.mp4"), jobTemp, pipe).render(options(Isolation.IN_PROCESS)));

    assertEquals(1, stalled.clipIndex().orElseThrow(), stalled.getMessage());
    assertTrue(Files.notExists(dir.resolve("out.mp4")));
  }

  @Test
  void planningAlone_readsNoPipe(@JobTempDir Path jobTemp) throws Exception {
    Path pipe = fifo("unread.mp4");

    SourceMediaException refused = assertThrows(SourceMediaException.class,
        () -> job(dir.resolve("out.mp4"), jobTemp, pipe).plan());

    assertEquals(1, refused.clipIndex().orElseThrow(), refused.getMessage());
    assertTrue(refused.getMessage().contains("a named pipe is read only by a render"), refused.getMessage());
  }
}
