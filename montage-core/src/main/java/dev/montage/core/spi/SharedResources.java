package dev.montage.core.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the segment tasks of one environment share, for {@link SegmentEnvironment} implementations
 * (the renderer's, a worker process's, a cluster task's): one resource per type for
 * {@link SegmentEnvironment#shared}, created on first use, closed in reverse order of creation when
 * the environment ends, the first failure thrown and the rest suppressed. Thread-safe.
 */
public final class SharedResources implements AutoCloseable {

  private final Map<Class<?>, AutoCloseable> resources = new LinkedHashMap<>();
  private boolean closed;

  /** The resource of {@code type}, made by {@code create} on first use. */
  public synchronized <T extends AutoCloseable> T get(Class<T> type, Supplier<? extends T> create) {
    if (closed) {
      throw new IllegalStateException("the segment environment is closed");
    }
    AutoCloseable resource = resources.get(type);
    if (resource == null) {
      resource = create.get();
      resources.put(type, resource);
    }
    return type.cast(resource);
  }

  /** Closes every resource, last made first; later calls do nothing. */
  @Override
  public void close() {
    List<AutoCloseable> made;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      made = new ArrayList<>(resources.values());
      resources.clear();
    }
    @Nullable RuntimeException failure = null;
    for (int i = made.size() - 1; i >= 0; i--) {
      try {
        made.get(i).close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        RuntimeException wrapped = e instanceof RuntimeException runtime ? runtime
            : new IllegalStateException("closing " + made.get(i) + " failed", e);
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
