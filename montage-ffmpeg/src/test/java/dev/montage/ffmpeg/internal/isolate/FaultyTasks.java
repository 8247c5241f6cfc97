package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Test-only segment tasks that end their worker process: a native crash, or waiting to be killed. */
final class FaultyTasks {

  private FaultyTasks() {}

  /** A task that stands in for {@code inner}: its index and frames are inner's. */
  interface Wrapping extends SegmentTask {
    SegmentTask inner();

    @Override
    default int index() {
      return inner().index();
    }

    @Override
    default long frames() {
      return inner().frames();
    }
  }

  /** Renders {@code inner} and crashes the process natively (SIGSEGV) once {@code frames} frames are done. */
  record CrashAfter(SegmentTask inner, long frames) implements Wrapping {
    private static final long serialVersionUID = 1L;

    @Override
    public long frames() {
      return inner.frames(); // the component is when it crashes, not the segment's size
    }

    @Override
    public SegmentResult run(SegmentEnvironment environment) {
      return runUntil(inner, environment, frames, done -> segfault());
    }
  }

  /** Renders {@code inner} and fails with a plain IllegalStateException once {@code frames} frames are done: a bug. */
  record FailAfter(SegmentTask inner, long frames) implements Wrapping {
    private static final long serialVersionUID = 1L;

    @Override
    public long frames() {
      return inner.frames(); // the component is when it fails, not the segment's size
    }

    @Override
    public SegmentResult run(SegmentEnvironment environment) {
      return runUntil(inner, environment, frames, done -> {
        throw new IllegalStateException("a bug after frame " + done);
      });
    }
  }

  /**
   * On its first attempt writes its process id to {@code pid.txt} in the work dir and waits to be
   * killed; on a later attempt (the file is there) renders {@code inner}.
   */
  record WaitToBeKilledOnce(SegmentTask inner) implements Wrapping {
    private static final long serialVersionUID = 1L;

    @Override
    public SegmentResult run(SegmentEnvironment environment) {
      Path pid = environment.workDir().resolve("pid.txt");
      if (Files.notExists(pid)) {
        try {
          Files.writeString(pid, Long.toString(ProcessHandle.current().pid()));
          Thread.sleep(120_000);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("was not killed");
      }
      return inner.run(environment);
    }
  }

  /**
   * Writes its process id to {@code pid.txt} in the work dir, then waits until the host cancels it and
   * stops as a segment does: with RenderCancelledException.
   */
  record UntilCancelled(SegmentTask inner) implements Wrapping {
    private static final long serialVersionUID = 1L;

    @Override
    public SegmentResult run(SegmentEnvironment environment) {
      try {
        Files.writeString(environment.workDir().resolve("pid.txt"), Long.toString(ProcessHandle.current().pid()));
        while (!environment.cancelled()) {
          Thread.sleep(20);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw dev.montage.core.RenderCancelledException.byToken();
    }
  }

  /** Reports nothing and never returns: a decoder hung, or a read blocked in the kernel. */
  record Hang(SegmentTask inner) implements Wrapping {
    private static final long serialVersionUID = 1L;

    @Override
    public SegmentResult run(SegmentEnvironment environment) {
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // a hung native call does not notice interrupts either
        }
      }
    }
  }

  /** Writes to address 0: the JVM reports SIGSEGV and aborts. */
  static void segfault() {
    try {
      Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
      field.setAccessible(true);
      Object unsafe = field.get(null);
      unsafe.getClass().getMethod("putAddress", long.class, long.class).invoke(unsafe, 0L, 0L);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An environment passing everything to another. */
  /** Runs {@code inner}, calling {@code then} with the count once {@code frames} frames are reported done. */
  static SegmentResult runUntil(SegmentTask inner, SegmentEnvironment environment, long frames,
      java.util.function.LongConsumer then) {
    return inner.run(new Relay(environment) {
      long done;

      @Override
      public void framesDone(long count) {
        super.framesDone(count);
        done += count;
        if (done >= frames) {
          then.accept(done);
        }
      }
    });
  }

  static class Relay implements SegmentEnvironment {
    private final SegmentEnvironment to;

    Relay(SegmentEnvironment to) {
      this.to = to;
    }

    @Override
    public Path workDir() {
      return to.workDir();
    }

    @Override
    public void framesDone(long frames) {
      to.framesDone(frames);
    }

    @Override
    public boolean cancelled() {
      return to.cancelled();
    }

    @Override
    public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
      return to.shared(type, create);
    }
  }
}
