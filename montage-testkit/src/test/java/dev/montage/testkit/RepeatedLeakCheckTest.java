package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepeatedLeakCheckTest {

  private final List<Pointer> memory = new ArrayList<>();
  private final List<InputStream> streams = new ArrayList<>();
  private final List<Long> handles = new ArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void release() throws Exception {
    memory.forEach(Pointer::free);
    for (InputStream stream : streams) {
      stream.close();
    }
    handles.forEach(TestRenderer.LEDGER::close);
  }

  @Test
  void assertNoGrowth_passesWhenEveryRunReleasesWhatItTakes() {
    AtomicInteger runs = new AtomicInteger();

    RepeatedLeakCheck.assertNoGrowth(12, () -> {
      runs.incrementAndGet();
      Pointer scratch = Pointer.malloc(16L << 20);
      Pointer.memset(scratch, 1, 16L << 20);
      Pointer.free(scratch);
      long id = TestRenderer.LEDGER.open("grabber", "/videos/closed.mp4");
      TestRenderer.LEDGER.close(id);
    });

    assertEquals(12, runs.get());
  }

  @Test
  void assertNoGrowth_failsOnSteadyNativeGrowth() {
    LeakDetectedError leak = assertThrows(LeakDetectedError.class, () -> RepeatedLeakCheck.assertNoGrowth(16, () -> {
      Pointer leaked = Pointer.malloc(8L << 20);
      Pointer.memset(leaked, 1, 8L << 20);
      memory.add(leaked);
    }));

    assertTrue(leak.failedChecks().contains(LeakCheck.NATIVE_MEMORY), leak.getMessage());
    assertTrue(leak.getMessage().contains("native memory grew from"), leak.getMessage());
    assertTrue(leak.getMessage().contains("median of runs 5-8"), leak.getMessage());
    assertTrue(leak.getMessage().contains("per run"), leak.getMessage());
  }

  @Test
  void assertNoGrowth_failsOnTheFirstRunThatLeavesAHandleOpen() {
    AtomicInteger run = new AtomicInteger();

    LeakDetectedError leak = assertThrows(LeakDetectedError.class, () -> RepeatedLeakCheck.assertNoGrowth(10, () -> {
      if (run.incrementAndGet() == 3) {
        handles.add(TestRenderer.LEDGER.open("recorder", "/out/segment-3.mp4"));
      }
    }));

    assertEquals(EnumSet.of(LeakCheck.HANDLES), leak.failedChecks());
    assertEquals(3, run.get());
    assertTrue(leak.getMessage().contains("run 3 of 10"), leak.getMessage());
    assertTrue(leak.getMessage().contains("recorder /out/segment-3.mp4, opened at:"), leak.getMessage());
  }

  @Test
  void assertNoGrowth_failsOnGrowingDescriptors() {
    AtomicInteger run = new AtomicInteger();

    LeakDetectedError leak = assertThrows(LeakDetectedError.class, () -> RepeatedLeakCheck.assertNoGrowth(8, () -> {
      try {
        Path file = Files.write(dir.resolve("run-" + run.incrementAndGet()), new byte[] {1});
        streams.add(new FileInputStream(file.toFile()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }));

    assertTrue(leak.failedChecks().contains(LeakCheck.FILE_DESCRIPTORS), leak.getMessage());
  }

  @Test
  void assertNoGrowth_letsTheRendersOwnFailureThrough() {
    IllegalStateException failure = new IllegalStateException("render failed");

    assertSame(failure, assertThrows(IllegalStateException.class,
        () -> RepeatedLeakCheck.assertNoGrowth(8, () -> {
          throw failure;
        })));
  }

  @Test
  void assertNoGrowth_needsEightRuns() {
    assertThrows(IllegalArgumentException.class, () -> RepeatedLeakCheck.assertNoGrowth(7, () -> { }));
  }
}
