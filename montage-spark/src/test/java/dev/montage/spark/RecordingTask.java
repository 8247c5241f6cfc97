package dev.montage.spark;

import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A segment task wrapped to leave evidence: each attempt writes {@code <index>-<uuid>.pid} holding the
 * process id it ran in (outside the shared dir), and may be slowed down per frame so a test can act
 * while it runs. The wrapped task renders exactly as it would alone.
 */
record RecordingTask(SegmentTask task, String recordDir, long millisPerFrame) implements SegmentTask {

  private static final long serialVersionUID = 1L;

  @Override
  public int index() {
    return task.index();
  }

  @Override
  public long frames() {
    return task.frames();
  }

  @Override
  public SegmentResult run(SegmentEnvironment environment) {
    try {
      Path record = Path.of(recordDir, index() + "-" + UUID.randomUUID() + ".pid");
      Files.writeString(Path.of(record + ".tmp"), Long.toString(ProcessHandle.current().pid()));
      Files.move(Path.of(record + ".tmp"), record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return task.run(millisPerFrame == 0 ? environment : new Slowed(environment, millisPerFrame));
  }

  /** The attempts recorded in {@code dir}: task index and process id, in no order. */
  static List<long[]> attempts(Path dir) throws IOException {
    List<long[]> attempts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        String name = file.getFileName().toString();
        attempts.add(new long[] {Long.parseLong(name.substring(0, name.indexOf('-'))),
            Long.parseLong(Files.readString(file).trim())});
      }
    }
    return attempts;
  }

  /** Wraps every task of a call to {@code executor}; a hook runs first (to spoil a source, say). */
  record Executor(SegmentExecutor executor, Path recordDir, long millisPerFrame, Runnable beforeExecute)
      implements SegmentExecutor {

    Executor(SegmentExecutor executor, Path recordDir, long millisPerFrame) {
      this(executor, recordDir, millisPerFrame, () -> {});
    }

    @Override
    public List<SegmentResult> execute(List<? extends SegmentTask> tasks, int parallelism, SegmentEnvironment driver) {
      beforeExecute.run();
      List<SegmentTask> wrapped = tasks.stream()
          .<SegmentTask>map(t -> new RecordingTask(t, recordDir.toString(), millisPerFrame)).toList();
      return executor.execute(wrapped, parallelism, driver);
    }

    @Override
    public Optional<Path> workRoot() {
      return executor.workRoot();
    }
  }

  private record Slowed(SegmentEnvironment environment, long millisPerFrame) implements SegmentEnvironment {

    @Override
    public Path workDir() {
      return environment.workDir();
    }

    @Override
    public void framesDone(long frames) {
      try {
        Thread.sleep(millisPerFrame * frames);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      environment.framesDone(frames);
    }

    @Override
    public boolean cancelled() {
      return environment.cancelled();
    }

    @Override
    public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
      return environment.shared(type, create);
    }
  }
}
