package dev.montage.ffmpeg.internal.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.spi.SegmentEnvironment;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose host closes its input mid-call (the host exiting) cancels the call: nobody reads its
 * answer, and a call that writes beside the output (a copy's part file) must stop and remove it
 * rather than go on writing after the host's own clean-up.
 */
class WorkerInputEndTest {

  @TempDir Path dir;

  /** Waits until cancelled, then leaves {@code marker}; {@code started} says it is running. */
  record WaitForCancel(String started, String marker) implements IsolatedCall {
    private static final long serialVersionUID = 1L;

    @Override
    public Serializable call(SegmentEnvironment environment) {
      try {
        Files.writeString(Path.of(started), "running");
        while (!environment.cancelled()) {
          Thread.sleep(20);
        }
        Files.writeString(Path.of(marker), "cancelled");
        return "cancelled";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String what() {
      return "waiting";
    }

    @Override
    public int clipAt(long framesDone) {
      return -1;
    }

    @Override
    public @Nullable Path fileAt(long framesDone) {
      return null;
    }
  }

  @Test
  void inputClosedMidCall_cancelsTheCall() throws Exception {
    Path started = dir.resolve("started");
    Path marker = dir.resolve("cancelled");
    WorkerProcess worker = WorkerProcess.start(dir, 256L << 20);
    Thread host = new Thread(() -> {
      try {
        worker.call(new WaitForCancel(started.toString(), marker.toString()), dir, frames -> { }, () -> false,
            Duration.ofMinutes(1));
      } catch (WorkerProcess.Crash | RuntimeException e) {
        // the worker may end before its answer is read: what counts is the marker
      }
    });
    host.start();
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(started) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(started), "the call started");
    worker.close(); // closes the worker's input, as a host exiting does, and waits for it to end
    host.join(10_000);
    assertTrue(Files.exists(marker), "the call saw the cancellation before the worker ended");
  }
}
