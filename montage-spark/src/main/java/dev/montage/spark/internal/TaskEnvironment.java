package dev.montage.spark.internal;

import dev.montage.core.spi.SegmentEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The environment of one segment on an executor: the driver's work directory by path (the shared
 * volume), cancellation read from Spark's task (a cancelled job group or a failed sibling kills it),
 * frames counted here (the driver hears of them when the task ends), and resources of its own,
 * closed in reverse order when the task ends, the first failure thrown and the rest suppressed.
 */
final class TaskEnvironment implements SegmentEnvironment, AutoCloseable {

  private final Path workDir;
  private final BooleanSupplier killed;
  private final AtomicLong frames = new AtomicLong();
  private final Map<Class<?>, AutoCloseable> shared = new LinkedHashMap<>();
  private boolean closed;

  TaskEnvironment(Path workDir, BooleanSupplier killed) {
    this.workDir = workDir;
    this.killed = killed;
  }

  @Override
  public Path workDir() {
    return workDir;
  }

  @Override
  public void framesDone(long count) {
    frames.addAndGet(count);
  }

  long frames() {
    return frames.get();
  }

  @Override
  public boolean cancelled() {
    return killed.getAsBoolean();
  }

  @Override
  public synchronized <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
    if (closed) {
      throw new IllegalStateException("the segment's environment on this executor is closed");
    }
    AutoCloseable resource = shared.get(type);
    if (resource == null) {
      resource = create.get();
      shared.put(type, resource);
    }
    return type.cast(resource);
  }

  @Override
  public void close() {
    List<AutoCloseable> resources;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      resources = new ArrayList<>(shared.values());
      shared.clear();
    }
    RuntimeException failure = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        RuntimeException wrapped = e instanceof RuntimeException runtime ? runtime
            : new IllegalStateException("closing " + resources.get(i) + " failed", e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
