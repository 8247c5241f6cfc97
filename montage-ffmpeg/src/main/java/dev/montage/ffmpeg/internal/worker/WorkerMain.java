package dev.montage.ffmpeg.internal.worker;

import dev.montage.core.EncodingException;
import dev.montage.core.MontageException;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SharedResources;
import dev.montage.ffmpeg.internal.media.Failures;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A worker process's entry point: reads {@link WorkerProtocol.Run} requests from standard input,
 * runs each in this process and writes its progress and outcome to standard output, one run at a
 * time, until its input ends; then it exits. Standard output carries only the protocol
 * ({@code System.out} is sent to standard error). The worker also exits when its parent process is
 * gone, so no worker outlives its host.
 */
public final class WorkerMain {

  private static final long PARENT_CHECK_SECONDS = 1;

  private final ObjectOutputStream out;
  private final BlockingQueue<WorkerProtocol.Run> runs = new LinkedBlockingQueue<>();
  private volatile boolean cancelled;
  private volatile boolean inputEnded;

  private WorkerMain(ObjectOutputStream out) {
    this.out = out;
  }

  /** Serves runs until standard input ends. */
  public static void main(String[] args) throws IOException, InterruptedException {
    FileOutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(protocol));
    out.flush();
    WorkerMain worker = new WorkerMain(out);
    watchParent();
    Thread reader = new Thread(worker::readInput, "montage-worker-input");
    reader.setDaemon(true);
    reader.start();
    worker.serve();
    System.exit(0);
  }

  private static void watchParent() {
    // The parent as it was at start: once it dies this process is re-parented to a live one (init).
    ProcessHandle parent = ProcessHandle.current().parent().orElse(ProcessHandle.current());
    Thread watch = new Thread(() -> {
      while (parent.isAlive()) {
        try {
          Thread.sleep(TimeUnit.SECONDS.toMillis(PARENT_CHECK_SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Runtime.getRuntime().halt(3); // the host is gone: nobody reads what this worker writes
    }, "montage-worker-parent-watch");
    watch.setDaemon(true);
    watch.start();
  }

  private void readInput() {
    try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(System.in))) {
      while (true) {
        Object message = in.readObject();
        if (message instanceof WorkerProtocol.Run run) {
          cancelled = false;
          runs.add(run);
        } else if (message instanceof WorkerProtocol.Cancel) {
          cancelled = true;
        }
      }
    } catch (IOException | ClassNotFoundException e) {
      // The host closed our input or died: nobody waits for the current run's answer, so it stops at
      // its next check (a call then removes what it was writing), and the worker exits.
      cancelled = true;
      inputEnded = true;
    }
  }

  private void serve() throws IOException, InterruptedException {
    while (true) {
      WorkerProtocol.Run run = runs.poll(100, TimeUnit.MILLISECONDS);
      if (run == null) {
        if (inputEnded) {
          return;
        }
        continue;
      }
      WorkerProtocol outcome;
      WorkerEnvironment environment = new WorkerEnvironment(Path.of(run.workDir()));
      try (environment) {
        outcome = new WorkerProtocol.Done(run.call().call(environment));
      } catch (MontageException e) {
        outcome = new WorkerProtocol.Failed(e);
      } catch (RuntimeException e) {
        outcome = new WorkerProtocol.Failed(failedAt(run, environment.done,
            "unexpected failure in the worker process while " + run.call().what(), e));
      } catch (OutOfMemoryError e) {
        outcome = new WorkerProtocol.Failed(failedAt(run, environment.done, "the worker process ran out of memory ("
            + e.getMessage() + "); render fewer segments at once or smaller frames", null));
      } catch (LinkageError | StackOverflowError | InternalError e) {
        // Reported as what it is rather than as the worker's death (which blames the source after a retry).
        outcome = new WorkerProtocol.Failed(Failures.fatal("the worker process failed", Path.of(run.workDir()), e));
      }
      send(outcome);
    }
  }

  /** A failure of {@code run} named by the clip and file it had reached after {@code framesDone} frames. */
  private static EncodingException failedAt(WorkerProtocol.Run run, long framesDone, String what,
      @Nullable Throwable cause) {
    Path file = run.call().fileAt(framesDone);
    return EncodingException.failed(run.call().clipAt(framesDone), file != null ? file : Path.of(run.workDir()), what,
        cause);
  }

  private synchronized void send(WorkerProtocol message) throws IOException {
    out.writeObject(message);
    out.reset();
    out.flush();
  }

  /** The worker's environment for one run: progress to the host, cancellation from it, resources of its own. */
  private final class WorkerEnvironment implements SegmentEnvironment, AutoCloseable {
    private final Path workDir;
    private final SharedResources shared = new SharedResources();
    /** Frames reported done so far: where a failure happened. */
    private long done;

    WorkerEnvironment(Path workDir) {
      this.workDir = workDir;
    }

    @Override
    public Path workDir() {
      return workDir;
    }

    @Override
    public void framesDone(long frames) {
      done += frames;
      try {
        send(new WorkerProtocol.Progress(frames));
      } catch (IOException e) {
        cancelled = true; // the host is gone; stop between frames
      }
    }

    @Override
    public boolean cancelled() {
      return cancelled;
    }

    @Override
    public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
      return shared.get(type, create);
    }

    @Override
    public void close() {
      shared.close();
    }
  }
}
