package dev.montage.ffmpeg.internal.probe;

import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.SourceMediaException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a named pipe given as a source once, into a file of the job's work dir, so that it is probed,
 * sought and read more than once like any other source ({@code montage render <(curl ...)}).
 *
 * <p>A pipe can stop delivering without ending (its writer hung or went away without closing), and
 * a read from it then blocks in the kernel where no check of the render can run. So the copy runs
 * under a watchdog: when no byte has arrived for the stall budget, or the job is stopped, the
 * watchdog interrupts the copying thread (a {@link FileChannel} read is interruptible) and opens the
 * pipe itself for reading and writing (never blocks on Linux), which frees a copier still waiting in
 * {@code open} for a writer. The copy then fails with {@link RenderTimeoutException} naming the clip,
 * the pipe and how long it waited, and the partial copy is deleted.
 */
public final class PipeSpool {

  /** The file type bits of {@code st_mode}, and a FIFO's. */
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHUNK = 1 << 20;

  private final Path pipe;
  private final int clipIndex;
  private final Duration budget;
  private final BooleanSupplier stopped;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  /** Guarded by {@link #lock}: whether the copier is still copying (so may be interrupted). */
  private boolean copying = true;
  /** Guarded by {@link #lock}: why the watchdog stopped the copy, or null. */
  private @Nullable String stopReason;
  private volatile long lastProgress;

  private PipeSpool(Path pipe, int clipIndex, Duration budget, BooleanSupplier stopped, LongSupplier nanoTime) {
    this.pipe = pipe;
    this.clipIndex = clipIndex;
    this.budget = budget;
    this.stopped = stopped;
    this.nanoTime = nanoTime;
  }

  /** Whether {@code file} is a named pipe (a FIFO, or a shell's {@code <(...)}), following links. */
  public static boolean isPipe(Path file) {
    try {
      return (((Integer) Files.getAttribute(file, "unix:mode")) & TYPE_MASK) == FIFO;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false; // no such file, or no unix view (Windows has no named pipes in the file system)
    }
  }

  /**
   * Copies {@code pipe}, the source of clip {@code clipIndex}, into {@code into} until its writer
   * closes it.
   *
   * @param budget the longest wait for the next byte (the timeout policy for one source read)
   * @param stopped whether the job must stop (cancelled or past its deadline)
   * @throws RenderTimeoutException when the pipe delivered nothing for {@code budget}
   * @throws RenderCancelledException when the job was stopped or the thread interrupted
   * @throws SourceMediaException when the pipe cannot be read
   * @throws OutputException when the copy cannot be written (a full disk)
   */
  public static void copy(Path pipe, int clipIndex, Path into, Duration budget, BooleanSupplier stopped) {
    new PipeSpool(pipe, clipIndex, budget, stopped, System::nanoTime).copyInto(into);
  }

  private void copyInto(Path into) {
    lastProgress = nanoTime.getAsLong();
    Thread copier = Thread.currentThread();
    Thread watchdog = new Thread(() -> watch(copier), "montage-pipe-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    RuntimeException failure = null;
    ClosedByInterruptException interrupted = null;
    String reason;
    try {
      copyBytes(into);
    } catch (ClosedByInterruptException e) {
      interrupted = e;
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      reason = finish(watchdog);
    }
    if (interrupted != null) {
      // Without a reason of the watchdog's, the caller interrupted: its flag stays set.
      failure = reason == null ? RenderCancelledException.byInterrupt(interrupted) : failure(reason, interrupted);
    } else if (reason != null) {
      // The watchdog's unblocking open may end the copy as if the writer had closed: still a stall.
      failure = failure(reason, failure);
    }
    if (failure != null) {
      deleteQuietly(into);
      throw failure;
    }
  }

  private void copyBytes(Path into) throws ClosedByInterruptException {
    try (FileChannel in = FileChannel.open(pipe, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(into, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
      while (read(in, buffer) >= 0) {
        lastProgress = nanoTime.getAsLong();
        buffer.flip();
        write(out, buffer, into);
        buffer.clear();
      }
    } catch (ClosedByInterruptException e) {
      throw e;
    } catch (IOException e) {
      throw SourceMediaException.unreadable(clipIndex, pipe, e);
    }
  }

  private int read(FileChannel in, ByteBuffer buffer) throws IOException {
    return in.read(buffer);
  }

  private void write(FileChannel out, ByteBuffer buffer, Path into) throws ClosedByInterruptException {
    try {
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    } catch (ClosedByInterruptException e) {
      throw e;
    } catch (IOException e) {
      throw OutputException.writeFailed(clipIndex, into, e);
    }
  }

  /** The watchdog: stops the copy once it stalls or the job stops. */
  private void watch(Thread copier) {
    long tick = Math.max(1, Math.min(100, budget.toMillis() / 10));
    while (true) {
      try {
        Thread.sleep(tick);
      } catch (InterruptedException e) {
        return; // the copy finished: finish() interrupts the watchdog to end it
      }
      long idle = nanoTime.getAsLong() - lastProgress;
      String reason = stopped.getAsBoolean() ? "stopped"
          : idle > budget.toNanos() ? "stalled" : null;
      if (reason != null) {
        synchronized (lock) {
          if (!copying) {
            return;
          }
          stopReason = reason;
          copier.interrupt();
        }
        unblockOpen();
        return;
      }
    }
  }

  /** Opens the pipe for reading and writing: a copier still in {@code open} sees a writer and goes on. */
  private void unblockOpen() {
    try (RandomAccessFile both = new RandomAccessFile(pipe.toFile(), "rw")) {
      both.getFD(); // opened: closing it leaves the copier at its end if no other writer remains
    } catch (IOException e) {
      // The pipe is gone; a copier waiting in open for it would have failed already.
    }
  }

  /** Ends the watchdog; the reason it stopped the copy, or null. Clears the watchdog's own interrupt. */
  private @Nullable String finish(Thread watchdog) {
    String reason;
    synchronized (lock) {
      copying = false;
      reason = stopReason;
    }
    watchdog.interrupt();
    if (reason != null) {
      Thread.interrupted(); // the watchdog's interrupt, not the caller's: it becomes the exception below
    }
    return reason;
  }

  private RuntimeException failure(String reason, @Nullable Throwable cause) {
    if (reason.equals("stopped")) {
      return RenderCancelledException.byToken();
    }
    Duration waited = Duration.ofNanos(nanoTime.getAsLong() - lastProgress);
    RenderTimeoutException stalled = RenderTimeoutException.stalled("reading the pipe", clipIndex, pipe, waited, budget);
    if (cause != null) {
      stalled.addSuppressed(cause);
    }
    return stalled;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The job's temp scope removes it with the rest of its files.
    }
  }
}
