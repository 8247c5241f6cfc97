package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.CancellationToken;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageException;
import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.SourceMediaException;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.FaultyMedia;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault matrix on the renderer: each fault gives the right typed exception naming the clip and
 * file, no file at the output path, an empty temp dir and no open native handle.
 */
@CheckLeaks
class FaultMatrixTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  Path output() {
    return dir.resolve("out.mp4");
  }

  static Path good() {
    return SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));
  }

  MontageBuilder job(Path second) {
    return MontageBuilder.create().size(160, 120).frameRate(30).output(output()).tempDir(jobTemp)
        .hardware(new Hardware(2, 8L << 30, false))
        .clip(good(), Duration.ZERO, Duration.ofMillis(500))
        .clip(second);
  }

  @AfterEach
  void nothingLeft() throws Exception {
    assertFalse(Files.exists(output()), "no output after a failure");
    try (Stream<Path> beside = Files.list(dir)) {
      assertEquals(List.of(), beside.filter(p -> p.getFileName().toString().endsWith(".part")).toList());
    }
  }

  private <T extends MontageException> T assertFailsOnClip1(Class<T> type, Path bad) {
    T failure = assertThrows(type, () -> job(bad).render());
    assertEquals(1, failure.clipIndex().orElse(-1), failure.getMessage());
    assertTrue(failure.getMessage().contains(bad.toString()), failure.getMessage());
    return failure;
  }

  @Test
  void missingFile() {
    assertFailsOnClip1(SourceMediaException.class, FaultyMedia.missing(dir));
  }

  @Test
  void unreadableImage() throws Exception {
    Path bad = Files.write(dir.resolve("photo.png"), "not a PNG at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    SourceMediaException failure = assertThrows(SourceMediaException.class, () -> MontageBuilder.create().size(160, 120)
        .frameRate(30).output(output()).tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false))
        .clip(good(), Duration.ZERO, Duration.ofMillis(500)).image(bad, Duration.ofSeconds(1)).render());
    assertEquals(1, failure.clipIndex().orElse(-1), failure.getMessage());
    assertTrue(failure.getMessage().contains(bad.toString()), failure.getMessage());
  }

  @Test
  void zeroByteFile() {
    assertFailsOnClip1(SourceMediaException.class, FaultyMedia.zeroBytes(dir));
  }

  @Test
  void garbageWithVideoExtension() {
    assertFailsOnClip1(SourceMediaException.class, FaultyMedia.garbage(dir));
  }

  @Test
  void corruptHeader() {
    assertFailsOnClip1(SourceMediaException.class, FaultyMedia.corruptHeader(dir, good()));
  }

  @Test
  void audioOnlyFile() {
    SourceMediaException failure = assertFailsOnClip1(SourceMediaException.class, FaultyMedia.audioOnly(dir));
    assertTrue(failure.getMessage().contains("no video"), failure.getMessage());
  }

  @Test
  void truncatedFile() {
    Path truncated = FaultyMedia.truncated(dir, good());
    SourceMediaException failure = assertThrows(SourceMediaException.class,
        () -> job(truncated).render());
    assertEquals(1, failure.clipIndex().orElse(-1), failure.getMessage());
  }

  @Test
  void outPointPastEnd() {
    SourceMediaException failure = assertThrows(SourceMediaException.class, () -> MontageBuilder.create()
        .size(160, 120).output(output()).tempDir(jobTemp)
        .clip(good(), Duration.ZERO, Duration.ofMillis(500))
        .clip(good(), Duration.ofSeconds(1), Duration.ofSeconds(5)).render());
    assertEquals(1, failure.clipIndex().orElse(-1));
    assertTrue(failure.getMessage().contains("out point"), failure.getMessage());
  }

  @Test
  void inPointPastEnd() {
    SourceMediaException failure = assertThrows(SourceMediaException.class, () -> MontageBuilder.create()
        .size(160, 120).output(output()).tempDir(jobTemp)
        .clip(good(), Duration.ofSeconds(3), Duration.ofSeconds(4)).render());
    assertEquals(0, failure.clipIndex().orElse(-1));
  }

  @Test
  void outputDirectoryMissing() {
    OutputException failure = assertThrows(OutputException.class, () -> MontageBuilder.create()
        .size(160, 120).output(dir.resolve("no/such/dir/out.mp4")).tempDir(jobTemp)
        .clip(good()).render());
    assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());
  }

  @Test
  void outputDirectoryReadOnly() throws Exception {
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    assertTrue(readOnly.toFile().setWritable(false, false));
    try {
      if (Files.isWritable(readOnly)) {
        return; // root ignores permissions; the missing-directory row covers the path
      }
      assertThrows(OutputException.class, () -> MontageBuilder.create().size(160, 120)
          .output(readOnly.resolve("out.mp4")).tempDir(jobTemp).clip(good()).render());
    } finally {
      readOnly.toFile().setWritable(true, false);
    }
  }

  @Test
  void outputDirectoryDeletedMidJob() throws Exception {
    Path doomed = Files.createDirectory(dir.resolve("doomed"));
    OutputException failure = assertThrows(OutputException.class, () -> MontageBuilder.create()
        .size(160, 120).frameRate(30).output(doomed.resolve("out.mp4")).tempDir(jobTemp)
        .clip(good()).clip(good())
        .onProgress(FaultyMedia.atProgress(0.5, () -> deleteQuietly(doomed)))
        .render());
    assertFalse(Files.exists(doomed.resolve("out.mp4")), failure.getMessage());
  }

  private static void deleteQuietly(Path empty) {
    try {
      Files.deleteIfExists(empty);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void diskFullInTempDir() throws Exception {
    try (TinyDisk disk = TinyDisk.mount(dir.resolve("tinytmp"), "64k")) {
      OutputException failure = assertThrows(OutputException.class, () -> MontageBuilder.create()
          .size(160, 120).frameRate(30).output(output()).tempDir(disk.path()).clip(good()).clip(good()).render());
      assertTrue(failure.getMessage().contains("disk") || failure.getMessage().contains("space"), failure.getMessage());
      try (Stream<Path> left = Files.list(disk.path())) {
        assertEquals(List.of(), left.toList(), "temp files left on the full disk");
      }
    }
  }

  @Test
  void diskFullAtOutput() throws Exception {
    try (TinyDisk disk = TinyDisk.mount(dir.resolve("tinyout"), "96k")) {
      Path out = disk.path().resolve("out.mp4");
      OutputException failure = assertThrows(OutputException.class, () -> MontageBuilder.create()
          .size(160, 120).frameRate(30).output(out).tempDir(jobTemp).clip(good()).clip(good()).render());
      try (Stream<Path> left = Files.list(disk.path())) {
        assertEquals(List.of(), left.toList(), "nothing left at the output: " + failure.getMessage());
      }
    }
  }

  @Test
  void timeoutFromTinyPolicy() {
    RenderTimeoutException failure = assertThrows(RenderTimeoutException.class, () -> job(good())
        .timeouts((mb, w, h, gpu) -> Duration.ofNanos(1)).render());
    assertEquals(Duration.ofNanos(1), failure.budget());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 0.9})
  void cancellationAt(double fraction) {
    CancellationToken token = CancellationToken.create();
    long started = System.nanoTime();
    AtomicReference<Long> cancelledAt = new AtomicReference<>();
    assertThrows(RenderCancelledException.class, () -> job(good()).cancellation(token)
        .clip(good()).clip(good())
        .onProgress(p -> {
          if (p.fraction() >= fraction && cancelledAt.get() == null) {
            cancelledAt.set(System.nanoTime());
            token.cancel();
          }
        }).render());
    assertTrue(cancelledAt.get() != null && System.nanoTime() - cancelledAt.get() < 5_000_000_000L
        || System.nanoTime() - started < 5_000_000_000L, "stops promptly");
  }

  @Test
  void threadInterrupt() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flagKept = new AtomicReference<>();
    Thread[] self = new Thread[1];
    Thread worker = new Thread(() -> {
      try {
        job(good()).clip(good()).clip(good())
            .onProgress(FaultyMedia.atProgress(0.3, () -> self[0].interrupt())).render();
      } catch (Throwable t) {
        thrown.set(t);
      } finally {
        flagKept.set(Thread.currentThread().isInterrupted());
      }
    });
    self[0] = worker;
    worker.start();
    worker.join(60_000);
    assertTrue(thrown.get() instanceof RenderCancelledException, String.valueOf(thrown.get()));
    assertEquals(Boolean.TRUE, flagKept.get(), "interrupt flag restored");
  }

  @Test
  void sourceDeletedWhileRunning() throws Exception {
    Path copy = Files.copy(good(), dir.resolve("copy.mp4"));
    Function<Path, MontageBuilder> make = p -> MontageBuilder.create().size(160, 120).frameRate(30)
        .output(output()).tempDir(jobTemp).workers(1).batchSizing((w, h, m) -> 1)
        .clip(good()).clip(p);
    // Deleting an open file on Linux keeps its data readable; what must hold is: no crash, no leak,
    // and either a correct output or a typed failure.
    try {
      make.apply(copy).onProgress(FaultyMedia.atProgress(0.2, FaultyMedia.deleteDuring(copy))).render();
      Files.deleteIfExists(output());
    } catch (SourceMediaException expected) {
      assertEquals(1, expected.clipIndex().orElse(-1));
    }
  }
}
