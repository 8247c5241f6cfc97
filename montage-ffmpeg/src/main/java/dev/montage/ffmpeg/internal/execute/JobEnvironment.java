package dev.montage.ffmpeg.internal.execute;

import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SharedResources;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The driver's {@link SegmentEnvironment} for one render's segments: the job's temp directory as
 * the work directory, progress into the job's tracker, the job's cancellation, and the resources its
 * tasks share (the worker context with its pools), closed in reverse order of creation when the
 * segments are done, the first failure thrown and the rest suppressed.
 */
public final class JobEnvironment implements SegmentEnvironment, AutoCloseable {

  private final Path workDir;
  private final LongConsumer progress;
  private final BooleanSupplier cancelled;
  private final SharedResources shared = new SharedResources();

  public JobEnvironment(Path workDir, LongConsumer progress, BooleanSupplier cancelled) {
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
  public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
    return shared.get(type, create);
  }

  @Override
  public void close() {
    shared.close();
  }
}
