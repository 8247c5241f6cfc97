package dev.montage.ffmpeg.internal.run;

import dev.montage.core.spi.SegmentEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The driver's {@link SegmentEnvironment} for one render's segments: the job's temp directory as
 * the work directory, progress into the job's tracker, the job's cancellation, and the resources its
 * tasks share (the worker context with its pools), closed in reverse order of creation when the
 * segments are done, the first failure thrown and the rest suppressed.
 */
final class JobEnvironment implements SegmentEnvironment, AutoCloseable {

  private final Path workDir;
  private final LongConsumer progress;
  private final BooleanSupplier cancelled;
  private final Map<Class<?>, AutoCloseable> shared = new LinkedHashMap<>();
  private boolean closed;

  JobEnvironment(Path workDir, LongConsumer progress, BooleanSupplier cancelled) {
    this.workDir = workDir;
    this.progress = progress;
    this.cancelled = cancelled;
  }

  @Override
  public Path workDir() {
    return workDir;
  }

  @Override
  public void framesDone(long frames) {
    progress.accept(frames);
  }

  @Override
  public boolean cancelled() {
    return cancelled.getAsBoolean();
  }

  @Override
  public synchronized <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
    if (closed) {
      throw new IllegalStateException("the job's segment environment is closed");
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
