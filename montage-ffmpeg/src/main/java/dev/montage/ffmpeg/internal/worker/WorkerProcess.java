package dev.montage.ffmpeg.internal.worker;

import dev.montage.core.MontageException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.List;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process, owned by its pool ({@code isolate.WorkerPool}): a child JVM on this JVM's class path running
 * {@link WorkerMain}, with a bounded heap, that does one {@link IsolatedCall} at a time. A child that
 * dies during a call (a signal, an abort, the OOM killer) ends the call with {@link Crash}; the
 * process is then useless and the pool replaces it. Closing ends the child: its input is closed so
 * it exits, and it is killed if it has not within a grace period.
 */
public final class WorkerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);

  private static final long CANCEL_POLL_MILLIS = 50;
  private static final long EXIT_GRACE_SECONDS = 5;

  private final Process process;
  private final Path crashDir;
  private final ObjectOutputStream toWorker;
  private final ObjectInputStream fromWorker;
  private boolean closed;
  /** Whether the worker has answered its last call (Done or Failed read): only then may it be reused. */
  private volatile boolean answered = true;
  /** When the worker last sent a message during the current call. */
  private volatile long lastMessage;
  /** How long the worker had sent nothing when the host killed it as stalled; null when it was not. */
  private volatile @Nullable Duration stalledFor;

  private WorkerProcess(Process process, Path crashDir, ObjectOutputStream toWorker, ObjectInputStream fromWorker) {
    this.process = process;
    this.crashDir = crashDir;
    this.toWorker = toWorker;
    this.fromWorker = fromWorker;
  }

  /**
   * Starts a worker whose native memory (JavaCPP's physical-memory limit, direct buffers) is bounded
   * by {@code nativeBytes}; its crash reports (hs_err files) go to {@code crashDir}.
   */
  public static WorkerProcess start(Path crashDir, long nativeBytes) throws IOException {
    return start(crashDir, nativeBytes, System.getProperties());
  }

  /** {@link #start(Path, long)} for a host whose system properties are {@code host}. */
  public static WorkerProcess start(Path crashDir, long nativeBytes, java.util.Properties host) throws IOException {
    List<String> command = WorkerCommand.of(crashDir, nativeBytes, host);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      ObjectOutputStream toWorker = new ObjectOutputStream(new BufferedOutputStream(process.getOutputStream()));
      toWorker.flush();
      ObjectInputStream fromWorker = new ObjectInputStream(new BufferedInputStream(process.getInputStream()));
      return new WorkerProcess(process, crashDir, toWorker, fromWorker);
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Whether the worker answered its last call, so it is idle and may take another. */
  public boolean answered() {
    return answered;
  }

  /** The worker's process id. */
  public long pid() {
    return process.pid();
  }

  /**
   * Does {@code call} in the worker, relaying its progress to {@code progress} and a cancellation
   * once {@code cancelled} turns true. A worker that sends nothing for {@code stallBudget} (a read
   * blocked in the kernel, a hung decoder) is killed and the call ends as stalled.
   *
   * @return what the call returned
   * @throws MontageException the typed failure the call threw in the worker
   * @throws Crash when the worker died during the call, or was killed as stalled
   */
  public Serializable call(IsolatedCall call, Path workDir, LongConsumer progress, BooleanSupplier cancelled,
      Duration stallBudget) throws Crash {
    long[] frames = new long[1];
    lastMessage = System.nanoTime();
    stalledFor = null;
    answered = false;
    Thread caller = Thread.currentThread();
    // Reading from the worker does not notice an interrupt: the watcher turns one into a cancellation.
    Thread watcher = watch(() -> cancelled.getAsBoolean() || caller.isInterrupted(), stallBudget);
    try {
      send(new WorkerProtocol.Run(call, workDir.toString()));
      while (true) {
        Object message = fromWorker.readObject();
        lastMessage = System.nanoTime();
        if (message instanceof WorkerProtocol.Progress step) {
          frames[0] += step.frames();
          progress.accept(step.frames());
        } else if (message instanceof WorkerProtocol.Done done) {
          answered = true;
          return done.value();
        } else if (message instanceof WorkerProtocol.Failed failed) {
          answered = true;
          throw failed.failure();
        }
      }
    } catch (IOException | ClassNotFoundException e) {
      int exit = exitCode();
      throw new Crash(exit, signalOf(exit), frames[0], stalledFor, e);
    } finally {
      watcher.interrupt();
      awaitEnd(watcher);
    }
  }

  /**
   * Waits for a call's watcher to end (it does at once once interrupted), so that it cannot send a
   * cancellation meant for this call into the next one: a shared worker's next call may be another
   * job's. The caller's interrupt, if any, stays set.
   */
  private static void awaitEnd(Thread watcher) {
    boolean interrupted = false;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_GRACE_SECONDS);
    while (watcher.isAlive() && System.nanoTime() < until) {
      try {
        watcher.join(100);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the process still runs and this side has not closed it: an idle worker fit to take a call. */
  public synchronized boolean alive() {
    return !closed && process.isAlive();
  }

  /**
   * Watches a call from the host: sends a cancellation once {@code cancelled} turns true (the job's
   * stop, or the calling thread interrupted), and kills
   * the worker once it has sent nothing for {@code stallBudget}.
   */
  private Thread watch(BooleanSupplier cancelled, Duration stallBudget) {
    Thread watcher = new Thread(() -> {
      boolean cancelSent = false;
      try {
        while (true) {
          if (!cancelSent && cancelled.getAsBoolean()) {
            send(new WorkerProtocol.Cancel());
            cancelSent = true;
          }
          long idle = System.nanoTime() - lastMessage;
          if (idle > stallBudget.toNanos()) {
            stalledFor = Duration.ofNanos(idle);
            process.destroyForcibly();
            return;
          }
          Thread.sleep(CANCEL_POLL_MILLIS);
        }
      } catch (InterruptedException | IOException e) {
        // the call ended, or the worker is gone: the call reports that itself
      }
    }, "montage-worker-watch-" + process.pid());
    watcher.setDaemon(true);
    watcher.start();
    return watcher;
  }

  private synchronized void send(WorkerProtocol message) throws IOException {
    toWorker.writeObject(message);
    toWorker.reset();
    toWorker.flush();
  }

  /**
   * What ended the worker, in words: the signal the JVM's crash report names (a native crash ends
   * the JVM by SIGABRT after it wrote the report), else the signal of the exit code, else the code.
   */
  private String signalOf(int exit) {
    Path report = crashDir.resolve("worker-crash-" + process.pid() + ".log");
    try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(report)) {
      java.util.Optional<String> signal = lines
          .map(line -> java.util.regex.Pattern.compile("#\\s+(SIG[A-Z]+)").matcher(line))
          .filter(java.util.regex.Matcher::find).map(matcher -> matcher.group(1)).findFirst();
      if (signal.isPresent()) {
        return signal.get();
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // no report: the process did not crash inside the JVM (killed from outside)
    } finally {
      deleteReport(report);
    }
    return switch (exit) {
      case 134 -> "SIGABRT";
      case 137 -> "SIGKILL";
      case 139 -> "SIGSEGV";
      case 135 -> "SIGBUS";
      case 136 -> "SIGFPE";
      case 143 -> "SIGTERM";
      case -1 -> "no exit status";
      default -> "exit code " + exit;
    };
  }

  /** Removes a crash report once read: shared workers' reports outlive any one job's temp dir. */
  private static void deleteReport(Path report) {
    try {
      java.nio.file.Files.deleteIfExists(report);
    } catch (IOException e) {
      LOG.debug("could not delete the crash report {}: {}", report, e.getMessage());
    }
  }

  /** The exit code of a worker that died, waiting briefly for the system to report it; -1 if it lives on. */
  private int exitCode() {
    try {
      if (process.waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS)) {
        return process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    return -1;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      toWorker.close();
    } catch (IOException e) {
      // already gone
    }
    // An interrupted caller is in a hurry: the worker is killed at once rather than given its grace.
    boolean interrupted = Thread.interrupted();
    try {
      if (interrupted || !process.waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The worker died during a call. */
  public static final class Crash extends Exception {
    private static final long serialVersionUID = 1L;
    private final String signal;
    private final long framesDone;
    private final @Nullable Duration stalledFor;

    Crash(int exitCode, String signal, long framesDone, @Nullable Duration stalledFor, @Nullable Throwable cause) {
      super("worker process ended with exit code " + exitCode + " (" + signal + ")", cause);
      this.signal = signal;
      this.framesDone = framesDone;
      this.stalledFor = stalledFor;
    }

    /** How long the worker had sent nothing when the host killed it as stalled; null when it died on its own. */
    public @Nullable Duration stalledFor() {
      return stalledFor;
    }

    /** Frames the call had reported before it died. */
    public long framesDone() {
      return framesDone;
    }

    /** What ended the process, in words: {@code SIGSEGV}, {@code SIGKILL}, or the exit code. */
    public String signal() {
      return signal;
    }
  }
}
