package dev.montage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.CancellationToken;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MusicBed;
import dev.montage.core.Progress;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.SourceMediaException;
import dev.montage.core.policy.Hardware;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.JobSucceeded$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark executor on a real multi-process cluster ({@link LocalCluster}): segments run in the two
 * executor processes, not in this JVM, and write into a shared directory that this JVM joins from.
 * Every job is rendered by the local executor too, and the outputs must be the same bytes. One
 * cluster for the class (start-up is most of the time); the test that kills an executor runs last.
 */
@TestMethodOrder(OrderAnnotation.class)
class SparkSegmentExecutorTest {

  static final long DRIVER_PID = ProcessHandle.current().pid();
  static final Path A = SyntheticMedia.cached(SyntheticSpec.of(320, 240, 30, Duration.ofSeconds(3)));
  static final Path B = SyntheticMedia.cached(SyntheticSpec.of(320, 240, 30, Duration.ofSeconds(3)).withToneHz(880));

  @TempDir static Path clusterDir;
  static SparkContext spark;
  static final List<SparkListenerJobEnd> jobEnds = new CopyOnWriteArrayList<>();

  @TempDir Path dir;
  Path shared;
  Path records;

  @BeforeAll
  static void startCluster() {
    spark = LocalCluster.start(clusterDir);
    spark.addSparkListener(new SparkListener() {
      @Override
      public void onJobEnd(SparkListenerJobEnd jobEnd) {
        jobEnds.add(jobEnd);
      }
    });
  }

  @AfterAll
  static void stopCluster() {
    if (spark != null) {
      spark.stop();
    }
  }

  @BeforeEach
  void dirs() throws IOException {
    shared = Files.createDirectories(dir.resolve("shared"));
    records = Files.createDirectories(dir.resolve("records"));
  }

  MontageBuilder job(String name) {
    return MontageBuilder.create().output(dir.resolve(name + ".mp4")).size(320, 240).frameRate(30)
        .hardware(new Hardware(2, 8L << 30, false)).tempDir(dir);
  }

  SegmentExecutor onSpark(long millisPerFrame) {
    return new RecordingTask.Executor(SparkSegmentExecutor.on(spark, shared), records, millisPerFrame);
  }

  /** Renders the job locally and on the cluster; same bytes, every segment in an executor process. */
  RenderResult sameBytes(UnaryOperator<MontageBuilder> clips) throws IOException {
    RenderResult local = clips.apply(job("local")).render();
    RenderResult remote = clips.apply(job("spark")).segmentExecutor(onSpark(0)).render();
    assertEquals(-1L, Files.mismatch(local.output(), remote.output()), "byte-identical to the local executor's");
    assertEquals(local.segments(), remote.segments());
    List<long[]> attempts = RecordingTask.attempts(records);
    assertEquals(remote.segments(), attempts.size(), "one attempt per segment");
    attempts.forEach(a -> assertNotEquals(DRIVER_PID, a[1], "segment " + a[0] + " ran in an executor process"));
    assertEmpty(shared);
    return remote;
  }

  static void assertEmpty(Path dir) throws IOException {
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "nothing left in " + dir);
    }
  }

  @Test
  @Order(1)
  void crossfadesAcrossSegmentBoundaries_sameBytesAndProgressPerSegment() throws IOException {
    List<Progress> progress = new CopyOnWriteArrayList<>();
    RenderResult result = sameBytes(b -> b.batchSizing((w, h, m) -> 1).streamCopy(false)
        .crossfade(Duration.ofMillis(200)).onProgress(progress::add)
        .clip(A, Duration.ZERO, Duration.ofSeconds(1))
        .clip(B, Duration.ofMillis(500), Duration.ofMillis(1500))
        .clip(A, Duration.ofMillis(1500), Duration.ofMillis(2500))
        .clip(B, Duration.ofSeconds(2), Duration.ofSeconds(3)));

    assertEquals(4, result.segments());
    Progress last = progress.get(progress.size() - 1);
    assertEquals(last.framesTotal(), last.framesDone(), "all frames reported");
    long steps = progress.stream().mapToLong(Progress::framesDone).distinct().count();
    assertTrue(steps >= 4, "at least one progress step per segment, got " + steps);
  }

  @Test
  @Order(2)
  void musicUnderClips_sameBytes() throws IOException {
    Path silent = SyntheticMedia.cached(SyntheticSpec.of(320, 240, 30, Duration.ofSeconds(2)).withAudio(false));
    sameBytes(b -> b.batchSizing((w, h, m) -> 1).clip(silent).clip(A, Duration.ZERO, Duration.ofSeconds(1))
        .music(new MusicBed(B, 0.5, Duration.ofMillis(200), Duration.ofMillis(200))));
  }

  @Test
  @Order(3)
  void mixedSources_sameBytes() throws IOException {
    Path small = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 25, Duration.ofSeconds(1)).withRotation(90));
    Path wide = SyntheticMedia.cached(SyntheticSpec.of(480, 270, 24, Duration.ofSeconds(1)).withCodec("libx264")
        .withToneHz(660));
    Path mute = SyntheticMedia.cached(SyntheticSpec.of(320, 240, 60, Duration.ofSeconds(1)).withAudio(false));
    sameBytes(b -> b.batchSizing((w, h, m) -> 2).clip(small).clip(wide).clip(mute).clip(A, Duration.ZERO,
        Duration.ofMillis(700)));
  }

  @Test
  @Order(4)
  void smartCut_sameBytes() throws IOException {
    Path x264 = SyntheticMedia.cached(SyntheticSpec.of(320, 240, 30, Duration.ofSeconds(4)).withCodec("libx264"));
    RenderResult result = sameBytes(b -> b
        .clip(x264, Duration.ofMillis(500), Duration.ofMillis(2500))
        .clip(x264, Duration.ofMillis(1200), Duration.ofMillis(3600)));
    assertEquals(RenderMode.SMART_CUT, result.mode());
  }

  @Test
  @Order(5)
  void corruptSource_failsOnceWithTheSegmentsTypedException() throws IOException {
    Path doomed = Files.copy(A, dir.resolve("doomed.mp4"));
    SegmentExecutor spoilFirst = new RecordingTask.Executor(SparkSegmentExecutor.on(spark, shared), records, 0,
        () -> spoil(doomed));
    MontageBuilder job = job("corrupt").batchSizing((w, h, m) -> 1).streamCopy(false)
        .clip(A, Duration.ZERO, Duration.ofSeconds(1))
        .clip(doomed, Duration.ZERO, Duration.ofSeconds(1))
        .clip(B, Duration.ZERO, Duration.ofSeconds(1))
        .segmentExecutor(spoilFirst);

    long start = System.nanoTime();
    SourceMediaException failure = assertThrows(SourceMediaException.class, job::render);
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertEquals(1, failure.clipIndex().orElse(-1), failure.getMessage());
    assertTrue(failure.getMessage().contains("doomed.mp4"), failure.getMessage());
    long tries = RecordingTask.attempts(records).stream().filter(a -> a[0] == 1).count();
    assertEquals(1, tries, "the corrupt segment ran once: Spark did not retry it");
    assertTrue(seconds < 30, "failed in " + seconds + " s");
    assertFalse(Files.exists(dir.resolve("corrupt.mp4")));
    assertEmpty(shared);
  }

  @Test
  @Order(6)
  void cancelMidJob_cancelsTheSparkJobAndLeavesNothing() throws Exception {
    CancellationToken token = CancellationToken.create();
    MontageBuilder job = job("cancelled").batchSizing((w, h, m) -> 1).streamCopy(false).cancellation(token)
        .clip(A, Duration.ZERO, Duration.ofSeconds(1)).clip(B, Duration.ZERO, Duration.ofSeconds(1))
        .clip(A, Duration.ofSeconds(1), Duration.ofSeconds(2)).clip(B, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .segmentExecutor(onSpark(100));
    Thread canceller = new Thread(() -> {
      awaitAttempt();
      token.cancel();
    });
    int endsBefore = jobEnds.size();
    canceller.start();

    assertThrows(RenderCancelledException.class, job::render);
    canceller.join(10_000);

    assertEquals(endsBefore + 1, jobEnds.size(), "one Spark job ran");
    assertNotEquals(JobSucceeded$.MODULE$, jobEnds.get(endsBefore).jobResult(), "and it was cancelled");
    assertEquals(0, spark.statusTracker().getActiveJobIds().length);
    assertFalse(Files.exists(dir.resolve("cancelled.mp4")));
    assertEmpty(shared);
  }

  @Test
  @Order(7)
  void workDirOffTheSharedVolume_isRefused() {
    SparkSegmentExecutor executor = SparkSegmentExecutor.on(spark, shared);
    SegmentExecutor hidesWorkRoot = (tasks, parallelism, driver) -> executor.execute(tasks, parallelism, driver);
    SparkRenderException failure = assertThrows(SparkRenderException.class,
        () -> job("unshared").clip(A, Duration.ZERO, Duration.ofMillis(500)).streamCopy(false)
            .segmentExecutor(hidesWorkRoot).render());
    assertTrue(failure.getMessage().contains("not under the shared directory " + shared), failure.getMessage());
  }

  @Test
  @Order(100)
  void killedExecutor_theJobStillCompletesWithTheSameBytes() throws Exception {
    UnaryOperator<MontageBuilder> clips = b -> b.batchSizing((w, h, m) -> 1).streamCopy(false)
        .crossfade(Duration.ofMillis(100))
        .clip(A, Duration.ZERO, Duration.ofSeconds(1)).clip(B, Duration.ZERO, Duration.ofSeconds(1))
        .clip(A, Duration.ofSeconds(1), Duration.ofSeconds(2)).clip(B, Duration.ofSeconds(1), Duration.ofSeconds(2));
    RenderResult local = clips.apply(job("local")).render();
    long[] killed = new long[2];
    Thread killer = new Thread(() -> {
      long[] first = awaitAttempt();
      sleep(500);
      killed[0] = first[0];
      killed[1] = first[1];
      ProcessHandle.of(first[1]).ifPresent(ProcessHandle::destroyForcibly);
    });
    killer.start();

    RenderResult remote = clips.apply(job("spark")).segmentExecutor(onSpark(60)).render();
    killer.join(10_000);

    assertNotEquals(0, killed[1], "an executor was killed");
    assertNotEquals(DRIVER_PID, killed[1]);
    List<long[]> attempts = RecordingTask.attempts(records);
    assertTrue(attempts.stream().anyMatch(a -> a[0] == killed[0] && a[1] != killed[1]),
        "segment " + killed[0] + " ran again in another executor");
    assertEquals(-1L, Files.mismatch(local.output(), remote.output()), "byte-identical to the local executor's");
    assertEmpty(shared);
  }

  /** Waits (up to 60 s) for the first recorded attempt: its task index and process id. */
  long[] awaitAttempt() {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        List<long[]> attempts = RecordingTask.attempts(records);
        if (!attempts.isEmpty()) {
          return attempts.get(0);
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      sleep(20);
    }
    throw new IllegalStateException("no segment started within 60 s");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void spoil(Path file) {
    byte[] noise = new byte[64 * 1024];
    new Random(7).nextBytes(noise);
    try {
      Files.write(file, noise);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
