package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import dev.montage.core.SourceMediaException;
import dev.montage.core.policy.Hardware;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

/**
 * Segment tasks are portable: an executor that serialises every task, deserialises it and runs it
 * through its own entry point in a fresh environment (its own worker context and pools; nothing
 * shared with the driver but the work directory) renders the same bytes as the local executor.
 */
@CheckLeaks
class SegmentExecutorTest {

  @TempDir Path dir;

  static final Path SOURCE = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));

  /** Runs tasks one by one as a remote worker would: a serialised copy, a fresh environment each. */
  static final class RemoteLikeExecutor implements SegmentExecutor {
    final List<SegmentTask> seen = new ArrayList<>();
    final List<SegmentEnvironment> environments = new ArrayList<>();

    @Override
    public List<SegmentResult> execute(List<? extends SegmentTask> tasks, int parallelism, SegmentEnvironment driver) {
      List<SegmentResult> results = new ArrayList<>();
      for (SegmentTask task : tasks) {
        SegmentTask copy = roundTrip(task);
        seen.add(copy);
        try (FreshEnvironment worker = new FreshEnvironment(driver.workDir(), driver)) {
          environments.add(worker);
          results.add(copy.run(worker));
        }
      }
      return results;
    }

    static SegmentTask roundTrip(SegmentTask task) {
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
          out.writeObject(task);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
          return (SegmentTask) in.readObject();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A worker's environment of its own: the work dir by path, progress relayed, resources its own. */
  static final class FreshEnvironment implements SegmentEnvironment, AutoCloseable {
    private final Path workDir;
    private final SegmentEnvironment driver;
    private final Map<Class<?>, AutoCloseable> shared = new LinkedHashMap<>();

    FreshEnvironment(Path workDir, SegmentEnvironment driver) {
      this.workDir = Path.of(workDir.toString());
      this.driver = driver;
    }

    @Override
    public Path workDir() {
      return workDir;
    }

    @Override
    public void framesDone(long frames) {
      driver.framesDone(frames);
    }

    @Override
    public boolean cancelled() {
      return driver.cancelled();
    }

    @Override
    public <T extends AutoCloseable> T shared(Class<T> type, Supplier<? extends T> create) {
      return type.cast(shared.computeIfAbsent(type, key -> create.get()));
    }

    @Override
    public void close() {
      for (AutoCloseable resource : shared.values()) {
        try {
          resource.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private MontageJob job(Path output, Path jobTemp) {
    return MontageBuilder.create().output(output).size(160, 120).frameRate(30)
        .tempDir(jobTemp).batchSizing((w, h, m) -> 1)
        .clip(SOURCE, Duration.ZERO, Duration.ofMillis(500))
        .clip(SOURCE, Duration.ofMillis(500), Duration.ofMillis(1000))
        .clip(SOURCE, Duration.ofMillis(1000), Duration.ofMillis(1500))
        .crossfade(Duration.ofMillis(100))
        .streamCopy(false)
        .build();
  }

  private static RunOptions with(@Nullable SegmentExecutor executor) {
    RunOptions.Builder options = RunOptions.builder().hardware(new Hardware(2, 8L << 30, false));
    return (executor == null ? options : options.segmentExecutor(executor)).build();
  }

  @Test
  void remoteLikeExecutor_rendersTheLocalExecutorsBytes(@JobTempDir Path jobTemp) throws Exception {
    RemoteLikeExecutor remote = new RemoteLikeExecutor();
    RenderResult local = job(dir.resolve("local.mp4"), jobTemp).render(with(null));
    RenderResult shipped = job(dir.resolve("shipped.mp4"), jobTemp).render(with(remote));

    assertEquals(3, remote.seen.size(), "one task per segment, each a serialised copy");
    assertNotSame(remote.environments.get(0), remote.environments.get(1));
    assertEquals(3, shipped.segments());
    assertEquals(39, DecodedVideo.of(shipped.output()).frameCount());
    assertEquals(-1L, Files.mismatch(local.output(), shipped.output()), "byte-identical outputs");
  }

  @Test
  void remoteLikeExecutor_failureIsTheTasksOwnTypedException(@JobTempDir Path jobTemp) throws IOException {
    Path doomed = Files.copy(SOURCE, dir.resolve("doomed.mp4"));
    SegmentExecutor deleteFirst = (tasks, parallelism, driver) -> {
      try {
        Files.delete(doomed); // gone after probing and planning, before any segment reads it
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new RemoteLikeExecutor().execute(tasks, parallelism, driver);
    };
    MontageJob job = MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).clip(SOURCE, Duration.ZERO, Duration.ofMillis(500))
        .clip(doomed, Duration.ZERO, Duration.ofMillis(500)).streamCopy(false).build();

    SourceMediaException failure = assertThrows(SourceMediaException.class, () -> job.render(with(deleteFirst)));
    assertEquals(1, failure.clipIndex().orElseThrow(), failure.getMessage());
    assertInstanceOf(SourceMediaException.class, failure);
  }

  /** Every attempt file in {@code workDir}: none may outlive its attempt. */
  private static List<Path> attemptFiles(Path workDir) {
    try (var files = Files.list(workDir)) {
      return files.filter(file -> file.getFileName().toString().contains(".attempt-")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void retriedAttempts_replaceEachOthersFilesAndLeaveNoAttemptFiles(@JobTempDir Path jobTemp) throws Exception {
    List<List<Path>> leftAfterAttempts = new ArrayList<>();
    SegmentExecutor everyTaskTwice = (tasks, parallelism, driver) -> {
      new RemoteLikeExecutor().execute(tasks, parallelism, driver); // a first attempt whose result is lost
      List<SegmentResult> results = new RemoteLikeExecutor().execute(tasks, parallelism, driver);
      leftAfterAttempts.add(attemptFiles(driver.workDir()));
      return results;
    };
    RenderResult local = job(dir.resolve("local.mp4"), jobTemp).render(with(null));
    RenderResult twice = job(dir.resolve("twice.mp4"), jobTemp).render(with(everyTaskTwice));

    assertEquals(List.of(List.of()), leftAfterAttempts);
    assertEquals(-1L, Files.mismatch(local.output(), twice.output()), "byte-identical outputs");
  }

  @Test
  void failedAttempt_leavesNothingUnderItsOrTheSegmentsNames(@JobTempDir Path jobTemp) throws IOException {
    Path doomed = Files.copy(SOURCE, dir.resolve("doomed.mp4"));
    List<List<Path>> leftInWorkDir = new ArrayList<>();
    SegmentExecutor deleteFirst = (tasks, parallelism, driver) -> {
      try {
        Files.delete(doomed);
        return new RemoteLikeExecutor().execute(tasks, parallelism, driver);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (SourceMediaException e) {
        try (var files = Files.list(driver.workDir())) {
          // The work dir's .owner record (OwnedTempDir) lives as long as the job: every other file is an attempt's.
          leftInWorkDir.add(files.filter(file -> !file.getFileName().toString().equals(".owner")).toList());
        } catch (IOException listing) {
          e.addSuppressed(listing);
        }
        throw e;
      }
    };
    MontageJob job = MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).clip(doomed, Duration.ZERO, Duration.ofMillis(500)).streamCopy(false).build();

    assertThrows(SourceMediaException.class, () -> job.render(with(deleteFirst)));
    assertEquals(List.of(List.of()), leftInWorkDir, "the failed attempt deleted its files");
  }

  @Test
  void executorsWorkRoot_holdsTheJobsWorkDirectory(@JobTempDir Path jobTemp) throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    List<Path> workDirs = new ArrayList<>();
    SegmentExecutor onSharedVolume = new SegmentExecutor() {
      @Override
      public List<SegmentResult> execute(List<? extends SegmentTask> tasks, int parallelism,
          SegmentEnvironment driver) {
        workDirs.add(driver.workDir());
        return new RemoteLikeExecutor().execute(tasks, parallelism, driver);
      }

      @Override
      public java.util.Optional<Path> workRoot() {
        return java.util.Optional.of(shared);
      }
    };
    RenderResult result = job(dir.resolve("out.mp4"), jobTemp).render(with(onSharedVolume));

    assertEquals(shared, workDirs.get(0).getParent(), "the job's work dir is made under the executor's root");
    assertEquals(39, DecodedVideo.of(result.output()).frameCount());
    try (var left = Files.list(shared)) {
      assertEquals(List.of(), left.toList(), "the work dir is gone afterwards");
    }
  }

  @Test
  void executorsSlots_sizeTheJob_andItsCpusPerSlotTheEncoder(@JobTempDir Path jobTemp) throws Exception {
    List<Integer> parallelism = new ArrayList<>();
    List<Integer> encoderThreads = new ArrayList<>();
    SegmentExecutor cluster = new SegmentExecutor() {
      @Override
      public List<SegmentResult> execute(List<? extends SegmentTask> tasks, int slots, SegmentEnvironment driver) {
        parallelism.add(slots);
        tasks.forEach(task -> encoderThreads.add(
            ((dev.montage.ffmpeg.internal.segment.SegmentRenderTask) task).plan().encoder().threads()));
        return new RemoteLikeExecutor().execute(tasks, slots, driver);
      }

      @Override
      public java.util.OptionalInt slots() {
        return java.util.OptionalInt.of(3);
      }

      @Override
      public java.util.OptionalInt cpusPerSlot() {
        return java.util.OptionalInt.of(2);
      }
    };
    // Sized for a 1-CPU driver, which alone would render one segment at a time with one thread.
    RenderResult result = job(dir.resolve("out.mp4"), jobTemp).render(RunOptions.builder()
        .hardware(new Hardware(1, 8L << 30, false)).segmentExecutor(cluster).build());

    assertEquals(List.of(3), parallelism, "the cluster's slots, not the driver's one CPU");
    assertEquals(List.of(2, 2, 2), encoderThreads, "spark.task.cpus-like threads per segment");
    assertEquals(39, DecodedVideo.of(result.output()).frameCount());
  }
}
