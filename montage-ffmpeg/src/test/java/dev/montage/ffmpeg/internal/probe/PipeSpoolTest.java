package dev.montage.ffmpeg.internal.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copying a named pipe: every byte, in order; stopped on request, the partial copy removed. */
class PipeSpoolTest {

  @TempDir Path dir;

  private Path fifo() throws Exception {
    Path fifo = dir.resolve("pipe");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo makes a named pipe");
    return fifo;
  }

  private static Thread write(Path fifo, byte[] bytes, CountDownLatch release) {
    Thread writer = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(bytes);
        out.flush();
        release.await();
      } catch (IOException | InterruptedException e) {
        // the reader went away
      }
    });
    writer.setDaemon(true);
    writer.start();
    return writer;
  }

  @Test
  void copiesEveryByteTheWriterSent() throws Exception {
    Path fifo = fifo();
    byte[] bytes = new byte[3 << 20];
    new Random(7).nextBytes(bytes);
    Thread writer = write(fifo, bytes, new CountDownLatch(0));
    Path copy = dir.resolve("copy");

    PipeSpool.copy(fifo, 0, copy, Duration.ofSeconds(30), () -> false);

    writer.join(10_000);
    assertArrayEquals(bytes, Files.readAllBytes(copy));
  }

  @Test
  void aStoppedJob_endsTheCopyAsCancelled_andRemovesIt() throws Exception {
    Path fifo = fifo();
    CountDownLatch release = new CountDownLatch(1);
    Thread writer = write(fifo, new byte[1000], release);
    Path copy = dir.resolve("copy");
    try {
      assertThrows(RenderCancelledException.class, () -> PipeSpool.copy(fifo, 0, copy, Duration.ofDays(1), () -> true));
      assertFalse(Thread.interrupted(), "no interrupt left behind");
      assertTrue(Files.notExists(copy));
    } finally {
      release.countDown();
      writer.join(10_000);
    }
  }

  @Test
  void theCallersInterrupt_whileThePipeWaitsForAWriter_cancelsAndStaysSet() throws Exception {
    Path fifo = fifo();
    Path copy = dir.resolve("copy");
    Thread caller = Thread.currentThread();
    Thread interrupter = soon(caller::interrupt);
    try {
      assertThrows(RenderCancelledException.class, () -> PipeSpool.copy(fifo, 0, copy, Duration.ofSeconds(30), () -> false));
      assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
      assertTrue(Files.notExists(copy));
    } finally {
      interrupter.join();
      Thread.interrupted();
    }
  }

  @Test
  void aPipeRemovedWhileWaitedOn_failsAsStalled_andNothingAppearsAtItsPath() throws Exception {
    Path fifo = fifo();
    Path copy = dir.resolve("copy");
    Thread remover = soon(() -> {
      try {
        Files.delete(fifo);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    long started = System.nanoTime();
    assertThrows(RenderTimeoutException.class, () -> PipeSpool.copy(fifo, 0, copy, Duration.ofMillis(500), () -> false));
    remover.join();
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0, "not waited on");
    assertTrue(Files.notExists(fifo), "no file made at the pipe's path");
    assertTrue(Files.notExists(copy));
  }

  /** Runs {@code action} on a thread of its own 200 ms from now, while the copy waits. */
  private static Thread soon(Runnable action) {
    Thread thread = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      action.run();
    });
    thread.start();
    return thread;
  }

  @Test
  void onlyNamedPipesArePipes() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertFalse(PipeSpool.isPipe(file));
    assertFalse(PipeSpool.isPipe(dir));
    assertFalse(PipeSpool.isPipe(dir.resolve("missing")));
    assertTrue(PipeSpool.isPipe(fifo()));
  }
}
