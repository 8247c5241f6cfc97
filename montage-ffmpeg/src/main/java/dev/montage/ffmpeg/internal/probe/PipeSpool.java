package dev.montage.ffmpeg.internal.probe;

import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.SourceMediaException;
import java.io.IOException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a named pipe given as a source once, into a file of the job's work dir, so that it is probed,
 * sought and read more than once like any other source ({@code montage render <(curl ...)}).
 *
 * <p>A pipe can stop delivering without ending (its writer hung or went away without closing), and
 * a read from it then blocks in the kernel where no check of the render can run; so can the open of
 * a pipe no writer ever opens. The copy therefore runs on a thread of its own while the caller
 * watches it: when no byte has arrived for the stall budget, the job is stopped or the caller is
 * interrupted, the caller interrupts the copy (a {@link FileChannel} read is interruptible), opens
 * the pipe itself for reading and writing (which never blocks on Linux and frees a copy waiting in
 * {@code open} for a writer), waits a moment for it and, should it still hang (a pipe unlinked while
 * waited on), leaves it behind. The job fails with {@link RenderTimeoutException} naming the clip, the
 * pipe and how long it waited, or {@link RenderCancelledException}; the partial copy is deleted, and
 * the caller's own interrupt, if it was one, stays set.
 */
public final class PipeSpool {

  private static final Logger LOG = LoggerFactory.getLogger(PipeSpool.class);

  /** The file type bits of {@code st_mode}, and a FIFO's. */
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHUNK = 1 << 20;
  /** How long a stopped copy is waited for before it is left behind. */
  private static final long GRACE_MILLIS = 2_000;

  private final Path pipe;
  private final int clipIndex;
  private final Duration budget;
  private final BooleanSupplier stopped;
  private final LongSupplier nanoTime;
  private volatile long lastProgress;
  /** Set once the caller gave up on the copy: it then writes nothing more. */
  private volatile boolean abandoned;
  private volatile @Nullable Throwable failure;

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
   * @throws RenderCancelledException when the job was stopped or the calling thread interrupted
   * @throws SourceMediaException when the pipe cannot be read
   * @throws OutputException when the copy cannot be written (a full disk)
   */
  public static void copy(Path pipe, int clipIndex, Path into, Duration budget, BooleanSupplier stopped) {
    new PipeSpool(pipe, clipIndex, budget, stopped, System::nanoTime).copyInto(into);
  }

  private void copyInto(Path into) {
    lastProgress = nanoTime.getAsLong();
    Thread copier = new Thread(() -> copyBytes(into), "montage-pipe-copy");
    copier.setDaemon(true);
    copier.start();
    String reason = watch(copier);
    if (reason != null) {
      abandoned = true;
      copier.interrupt();
      unblockOpen();
      awaitEnd(copier);
      deleteQuietly(into);
      throw failure(reason);
    }
    Throwable failed = failure;
    if (failed != null) {
      deleteQuietly(into);
      if (failed instanceof Error error) {
        throw error;
      }
      if (failed instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw SourceMediaException.unreadable(clipIndex, pipe, failed);
    }
  }

  /** Waits for the copy; why it must be stopped ({@code stalled}, {@code stopped}, {@code interrupted}), or null once it ended. */
  private @Nullable String watch(Thread copier) {
    long tick = Math.max(1, Math.min(100, budget.toMillis() / 10));
    while (true) {
      try {
        copier.join(tick);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the caller's: kept, and the copy stopped
        return "interrupted";
      }
      if (!copier.isAlive()) {
        return null;
      }
      if (stopped.getAsBoolean()) {
        return "stopped";
      }
      if (nanoTime.getAsLong() - lastProgress > budget.toNanos()) {
        return "stalled";
      }
    }
  }

  /** The copy's thread: output first (so that a copy left behind never creates it later), then the pipe. */
  private void copyBytes(Path into) {
    try (FileChannel out = FileChannel.open(into, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING);
        FileChannel in = FileChannel.open(pipe, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
      while (!abandoned && in.read(buffer) >= 0) {
        lastProgress = nanoTime.getAsLong();
        buffer.flip();
        while (buffer.hasRemaining() && !abandoned) {
          write(out, buffer, into);
        }
        buffer.clear();
      }
    } catch (ClosedByInterruptException e) {
      failure = e; // the caller stopped the copy and reports why
    } catch (OutputException e) {
      failure = e;
    } catch (IOException e) {
      failure = SourceMediaException.unreadable(clipIndex, pipe, e);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  private void write(FileChannel out, ByteBuffer buffer, Path into) throws ClosedByInterruptException {
    try {
      out.write(buffer);
    } catch (ClosedByInterruptException e) {
      throw e;
    } catch (IOException e) {
      throw OutputException.writeFailed(clipIndex, into, e);
    }
  }

  /**
   * Opens the pipe for reading and writing: a copy still in {@code open} sees a writer and goes on
   * (to the end of the file, once this closes, if no other writer remains). Only a pipe: a path that
   * is gone or is something else now is left alone.
   */
  private void unblockOpen() {
    if (!isPipe(pipe)) {
      return;
    }
    try (FileChannel both = FileChannel.open(pipe, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      LOG.debug("opened {} to end a copy waiting for a writer ({})", pipe, both.isOpen());
    } catch (IOException e) {
      LOG.debug("could not open {} to end its copy: {}", pipe, e.getMessage());
    }
  }

  /** Waits briefly for a stopped copy to end; one still blocked is left to the kernel (it writes nothing more). */
  private void awaitEnd(Thread copier) {
    boolean interrupted = false;
    long until = System.nanoTime() + GRACE_MILLIS * 1_000_000;
    while (copier.isAlive() && System.nanoTime() < until) {
      try {
        copier.join(50);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (copier.isAlive()) {
      LOG.warn("the copy of {} (clip {}) still waits in the kernel; left behind", pipe, clipIndex);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private RuntimeException failure(String reason) {
    if (reason.equals("interrupted")) {
      return RenderCancelledException.byInterrupt(null);
    }
    if (reason.equals("stopped")) {
      return RenderCancelledException.byToken();
    }
    Duration waited = Duration.ofNanos(nanoTime.getAsLong() - lastProgress);
    return RenderTimeoutException.stalled("reading the pipe", clipIndex, pipe, waited, budget);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("could not delete {} (the job's temp scope removes it): {}", file, e.getMessage());
    }
  }
}
