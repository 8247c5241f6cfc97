package dev.montage.testkit;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;

/**
 * Tests that leak on purpose, run one class at a time by {@link LeakCheckExtensionTest} through
 * {@code EngineTestKit}. What they leak is kept here so the meta-test can release it afterwards.
 */
final class LeakSubjects {

  static final SyntheticSpec SMALL = SyntheticSpec.of(64, 48, 25, Duration.ofMillis(400));
  static final long NATIVE_LEAK_BYTES = 200L << 20;

  private static final List<Long> HANDLES = new CopyOnWriteArrayList<>();
  private static final List<InputStream> STREAMS = new CopyOnWriteArrayList<>();
  private static final List<Pointer> MEMORY = new CopyOnWriteArrayList<>();
  private static final List<FFmpegFrameGrabber> GRABBERS = new CopyOnWriteArrayList<>();
  static final List<Path> JOB_DIRS = new CopyOnWriteArrayList<>();

  private LeakSubjects() {}

  /** Releases everything the subjects leaked. */
  static void cleanUp() throws Exception {
    for (FFmpegFrameGrabber grabber : GRABBERS) {
      grabber.release();
    }
    GRABBERS.clear();
    for (InputStream stream : STREAMS) {
      stream.close();
    }
    STREAMS.clear();
    for (Pointer memory : MEMORY) {
      Pointer.free(memory);
    }
    MEMORY.clear();
    for (long id : HANDLES) {
      TestRenderer.LEDGER.close(id);
    }
    HANDLES.clear();
    JOB_DIRS.clear();
  }

  static void leakHandle(String description) {
    HANDLES.add(TestRenderer.LEDGER.open("grabber", description));
  }

  static void leakFd() throws IOException {
    Path file = Files.createTempFile("montage-leaked-fd-", ".txt");
    file.toFile().deleteOnExit();
    STREAMS.add(new FileInputStream(file.toFile()));
  }

  static void leakNativeMemory() {
    Pointer memory = Pointer.malloc(NATIVE_LEAK_BYTES);
    if (memory == null || memory.isNull()) {
      throw new OutOfMemoryError("could not malloc " + NATIVE_LEAK_BYTES + " bytes for the leak subject");
    }
    Pointer.memset(memory, 1, NATIVE_LEAK_BYTES);
    MEMORY.add(memory);
  }

  static void leaveFile(Path jobTempDir) throws IOException {
    JOB_DIRS.add(jobTempDir);
    Files.createDirectories(jobTempDir.resolve("segments"));
    Files.write(jobTempDir.resolve("segments/segment-0001.mp4"), new byte[] {1, 2, 3});
  }

  @MetaSubject
  @CheckLeaks
  static class HandleLeak {
    @Test
    void leaksHandle() {
      leakHandle("/videos/forgotten.mp4");
    }
  }

  @MetaSubject
  @CheckLeaks(nativeMemory = false)
  static class GrabberLeak {
    @Test
    void leaksRealGrabber() throws Exception {
      Path source = SyntheticMedia.cached(SMALL);
      FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile());
      grabber.start();
      GRABBERS.add(grabber);
      HANDLES.add(TestRenderer.LEDGER.open("grabber", source.toString()));
      Frame frame = grabber.grabImage();
      if (frame == null) {
        throw new AssertionError("no frame in " + source);
      }
    }
  }

  @MetaSubject
  @CheckLeaks
  static class HandleClosedLate {
    @Test
    void closesOnAnotherThread() {
      long id = TestRenderer.LEDGER.open("recorder", "/videos/late.mp4");
      Thread closer = new Thread(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        TestRenderer.LEDGER.close(id);
      }, "montage-test-closer");
      closer.start();
    }
  }

  @MetaSubject
  @CheckLeaks
  static class TempFileLeak {
    @Test
    void leavesSegment(@JobTempDir Path temp) throws IOException {
      leaveFile(temp);
    }
  }

  @MetaSubject
  static class TempFileLeakWithoutCheckLeaks {
    @Test
    void leavesSegment(@JobTempDir Path temp) throws IOException {
      leaveFile(temp);
    }
  }

  @MetaSubject
  static class FailingTestThatLeavesFilesWithoutCheckLeaks {
    @Test
    void failsAndLeavesSegment(@JobTempDir Path temp) throws IOException {
      leaveFile(temp);
      throw new IllegalStateException("the test's own failure");
    }
  }

  @MetaSubject
  @CheckLeaks
  static class TempDirsCleaned {
    @Test
    void cleansUp(@JobTempDir Path first, @JobTempDir Path second) throws IOException {
      JOB_DIRS.add(first);
      JOB_DIRS.add(second);
      if (first.equals(second) || !Files.isDirectory(first) || PathsProbe.hasEntries(first)) {
        throw new AssertionError("expected two distinct empty directories but got " + first + " and " + second);
      }
      Path scratch = Files.write(first.resolve("scratch.tmp"), new byte[] {1});
      Files.delete(scratch);
    }
  }

  @MetaSubject
  @CheckLeaks
  static class FdLeak {
    @Test
    void leaksStream() throws IOException {
      leakFd();
    }
  }

  @MetaSubject
  @CheckLeaks
  static class NativeLeak {
    @Test
    void leaksMalloc() {
      leakNativeMemory();
    }
  }

  @MetaSubject
  @CheckLeaks
  static class FailingTestThatLeaks {
    @Test
    void failsAndLeaks() {
      leakHandle("/videos/failing.mp4");
      throw new IllegalStateException("the test's own failure");
    }
  }

  @MetaSubject
  @CheckLeaks(handles = false)
  static class HandleLeakIgnored {
    @Test
    void leaksHandle() {
      leakHandle("/videos/ignored.mp4");
    }
  }

  @MetaSubject
  @CheckLeaks(tempFiles = false)
  static class TempFileLeakIgnored {
    @Test
    void leavesSegment(@JobTempDir Path temp) throws IOException {
      leaveFile(temp);
    }
  }

  @MetaSubject
  @CheckLeaks(fdTolerance = 1)
  static class FdLeakTolerated {
    @Test
    void leaksStream() throws IOException {
      leakFd();
    }
  }

  @MetaSubject
  @CheckLeaks(fileDescriptors = false)
  static class FdLeakIgnored {
    @Test
    void leaksStream() throws IOException {
      leakFd();
    }
  }

  @MetaSubject
  @CheckLeaks(nativeMemory = false)
  static class NativeLeakIgnored {
    @Test
    void leaksMalloc() {
      leakNativeMemory();
    }
  }

  @MetaSubject
  @CheckLeaks(nativeMemoryToleranceMb = 512)
  static class NativeLeakTolerated {
    @Test
    void leaksMalloc() {
      leakNativeMemory();
    }
  }

  @MetaSubject
  @CheckLeaks(handles = false)
  static class MethodOverridesClass {
    @Test
    @CheckLeaks
    void checkedAgain() {
      leakHandle("/videos/method-checked.mp4");
    }

    @Test
    void ignoredByClass() {
      leakHandle("/videos/class-ignored.mp4");
    }
  }

  @MetaSubject
  @CheckLeaks
  static class CleanMediaWork {
    @Test
    void writesAndReadsMedia(@JobTempDir Path temp) throws Exception {
      Path file = SyntheticMedia.write(temp.resolve("clean.mp4"), SMALL.withSeed(99));
      FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
      long id = TestRenderer.LEDGER.open("grabber", file.toString());
      try {
        grabber.start();
        while (grabber.grab() != null) {
          // Decoding every frame exercises the native allocations a render makes.
          continue;
        }
      } finally {
        grabber.release();
        TestRenderer.LEDGER.close(id);
      }
      Files.delete(file);
    }
  }

  /** Directory helpers for the subjects. */
  static final class PathsProbe {
    private PathsProbe() {}

    static boolean hasEntries(Path dir) throws IOException {
      try (var entries = Files.list(dir)) {
        return entries.findAny().isPresent();
      }
    }
  }
}
