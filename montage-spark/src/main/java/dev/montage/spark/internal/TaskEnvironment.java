package dev.montage.spark.internal;

import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SharedResources;
import java.nio.file.Path;
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
  private final SharedResources shared = new SharedResources();

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
  public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
    return shared.get(type, create);
  }

  @Override
  public void close() {
    shared.close();
  }
}
