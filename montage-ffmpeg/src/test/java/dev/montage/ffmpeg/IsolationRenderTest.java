package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Isolation;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageException;
import dev.montage.core.MusicBed;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import dev.montage.core.SourceMediaException;
import dev.montage.core.WorkerProcesses;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.FaultyMedia;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole renders with {@link Isolation#PROCESS}: the same bytes as in process, decoded in child
 * processes that are gone afterwards; a source's typed failure crosses the process boundary as it
 * is thrown.
 */
@CheckLeaks
class IsolationRenderTest {

  static final Path SOURCE = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));

  @TempDir Path dir;

  private MontageBuilder job(Path output, Path jobTemp) {
    return MontageBuilder.create().output(output).size(160, 120).frameRate(30).tempDir(jobTemp)
        .batchSizing((w, h, m) -> 2)
        .clip(SOURCE, Duration.ZERO, Duration.ofMillis(600))
        .clip(SOURCE, Duration.ofMillis(500), Duration.ofMillis(1100))
        .clip(SOURCE, Duration.ofMillis(1000), Duration.ofMillis(1600))
        .crossfade(Duration.ofMillis(100));
  }

  private static RunOptions.Builder options() {
    return RunOptions.builder().hardware(new Hardware(2, 8L << 30, false));
  }

  @Test
  void isolatedRender_isByteIdentical_andItsWorkersAreGoneAfterwards(@JobTempDir Path jobTemp) throws Exception {
    Set<Long> children = ConcurrentHashMap.newKeySet();
    RenderResult local = job(dir.resolve("local.mp4"), jobTemp).build().render(options().build());
    RenderResult isolated = job(dir.resolve("isolated.mp4"), jobTemp).build().render(options()
        .isolation(Isolation.PROCESS)
        .progressListener(progress -> ProcessHandle.current().children().forEach(child -> children.add(child.pid())))
        .build());

    assertEquals(-1L, Files.mismatch(local.output(), isolated.output()), "byte-identical outputs");
    assertEquals(local.frameCount(), isolated.frameCount());
    assertTrue(!children.isEmpty(), "segments rendered in child processes");
    for (long pid : children) {
      assertTrue(ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true), "worker " + pid + " is gone");
    }
  }

  @Test
  void sharedWorkerProcesses_serveJobAfterJob_andEndWhenClosed(@JobTempDir Path jobTemp) throws Exception {
    RenderResult local = job(dir.resolve("local.mp4"), jobTemp).build().render(options().build());
    Set<Long> first = ConcurrentHashMap.newKeySet();
    Set<Long> later = ConcurrentHashMap.newKeySet();
    WorkerProcesses workers = WorkerProcesses.create();
    try {
      for (int i = 0; i < 3; i++) {
        Set<Long> seen = i == 0 ? first : later;
        RenderResult shared = job(dir.resolve("shared-" + i + ".mp4"), jobTemp).build().render(options()
            .workerProcesses(workers)
            .progressListener(progress -> ProcessHandle.current().children().forEach(child -> seen.add(child.pid())))
            .build());
        assertEquals(-1L, Files.mismatch(local.output(), shared.output()), "job " + i + ": the in-process bytes");
        try (java.util.stream.Stream<Path> left = Files.list(jobTemp)) {
          assertTrue(left.findAny().isEmpty(), "job " + i + " left nothing in its temp dir");
        }
      }
      assertTrue(!first.isEmpty(), "the first job started workers");
      assertTrue(first.containsAll(later), "later jobs reused them: " + first + " then " + later);
      assertTrue(first.stream().allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)),
          "idle between jobs, not ended");
    } finally {
      workers.close();
    }
    for (long pid : first) {
      assertTrue(ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true), "worker " + pid + " is gone");
    }
    workers.close();
    MontageException closed = assertThrows(MontageException.class, () -> job(dir.resolve("closed.mp4"), jobTemp)
        .build().render(options().workerProcesses(workers).build()), "closed workers render nothing");
    assertTrue(closed.getMessage().contains("the WorkerProcesses given to this run are closed"), closed.getMessage());
  }

  @Test
  void sharedWorkerProcesses_idleForTheirKeep_end_andTheNextJobStartsFreshOnes(@JobTempDir Path jobTemp)
      throws Exception {
    try (WorkerProcesses workers = WorkerProcesses.create(Duration.ofMillis(200))) {
      Set<Long> first = ConcurrentHashMap.newKeySet();
      job(dir.resolve("first.mp4"), jobTemp).build().render(options().workerProcesses(workers)
          .progressListener(progress -> ProcessHandle.current().children().forEach(child -> first.add(child.pid())))
          .build());
      assertTrue(!first.isEmpty(), "the job started workers");
      for (long pid : first) {
        // Ended by the handle's own thread about 200 ms after the job, while the handle stays open.
        java.util.Optional<ProcessHandle> worker = ProcessHandle.of(pid);
        if (worker.isPresent()) {
          worker.get().onExit().get(30, TimeUnit.SECONDS);
        }
      }

      RenderResult again = job(dir.resolve("again.mp4"), jobTemp).build()
          .render(options().workerProcesses(workers).build());
      assertEquals(DecodedVideo.of(dir.resolve("first.mp4")).frameChecksums(),
          DecodedVideo.of(again.output()).frameChecksums(), "fresh workers render the same pictures");
      assertTrue(reaperThreads() > 0, "the handle's thread looks after its idle workers");
    }
    for (Thread thread : reapers()) {
      thread.join(10_000); // close waited for its work; the thread itself returns a moment later
    }
    assertEquals(0, reaperThreads(), "closing the handle ended its thread");
  }

  private static java.util.List<Thread> reapers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("montage-idle-workers") && thread.isAlive()).toList();
  }

  private static long reaperThreads() {
    return reapers().size();
  }

  @Test
  void musicBed_isDecodedInAWorker_toTheSameBytes(@JobTempDir Path jobTemp) throws Exception {
    Path music = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)).withToneHz(1500));
    MusicBed bed = new MusicBed(music, 0.5, Duration.ofMillis(200), Duration.ofMillis(200));
    RenderResult local = job(dir.resolve("local.mp4"), jobTemp).music(bed).build().render(options().build());
    RenderResult isolated = job(dir.resolve("isolated.mp4"), jobTemp).music(bed).build()
        .render(options().isolation(Isolation.PROCESS).build());

    assertEquals(-1L, Files.mismatch(local.output(), isolated.output()), "the bed decoded in a worker mixes the same");
  }

  @Test
  void aShortMusicBed_loopsInStep_whenDecodedInAWorker(@JobTempDir Path jobTemp) throws Exception {
    // A 0.4 s bed under 1.9 s of silent clip loops four times; each loop ends in a short gap.
    Path music = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofMillis(400)).withToneHz(1500));
    Path silent = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)).withAudio(false));
    MontageBuilder job = MontageBuilder.create().output(dir.resolve("local.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).clip(silent, Duration.ZERO, Duration.ofMillis(1900)).music(MusicBed.of(music));
    DecodedVideo local = DecodedVideo.of(job.build().render(options().build()).output());
    DecodedVideo isolated = DecodedVideo.of(job.output(dir.resolve("isolated.mp4")).build()
        .render(options().isolation(Isolation.PROCESS).build()).output());

    int differ = 0;
    for (int i = 0; i < 180; i++) {
      boolean quietHere = local.rmsAt(i / 100.0, 0.01) < 200;
      boolean quietThere = isolated.rmsAt(i / 100.0, 0.01) < 200;
      differ += quietHere == quietThere ? 0 : 1;
    }
    assertTrue(differ <= 6, "the loops' gaps fall at the same times (10 ms windows differing: " + differ + ")");
  }

  @Test
  void aMusicBedWithoutSound_failsTyped_whenDecodedInAWorker(@JobTempDir Path jobTemp) {
    Path silent = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(1)).withAudio(false));
    SourceMediaException failure = assertThrows(SourceMediaException.class, () -> job(dir.resolve("out.mp4"), jobTemp)
        .music(MusicBed.of(silent)).build().render(options().isolation(Isolation.PROCESS).build()));

    assertEquals(silent, failure.file().orElseThrow());
    assertTrue(failure.getMessage().contains("the music file has no audio stream"), failure.getMessage());
    assertTrue(java.util.Arrays.stream(failure.getStackTrace())
        .anyMatch(frame -> frame.getClassName().endsWith(".MusicCall")), "thrown in the worker, not the host");
    assertTrue(Files.notExists(dir.resolve("out.mp4")));
  }

  @Test
  void interruptingTheCaller_stopsTheWorkersPromptly(@JobTempDir Path jobTemp) throws Exception {
    MontageBuilder long1080 = MontageBuilder.create().output(dir.resolve("out.mp4")).size(1280, 720).frameRate(30)
        .tempDir(jobTemp).batchSizing((w, h, m) -> 1);
    for (int i = 0; i < 6; i++) {
      long1080.clip(SOURCE);
    }
    CountDownLatch rendering = new CountDownLatch(1);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        long1080.build().render(options().isolation(Isolation.PROCESS).progressListener(p -> rendering.countDown())
            .build());
      } catch (RuntimeException e) {
        outcome.set(e);
      }
    }, "interrupted-caller");
    caller.start();
    assertTrue(rendering.await(60, TimeUnit.SECONDS), "the render started");
    long interrupted = System.nanoTime();
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(30));

    assertTrue(!caller.isAlive(), "the render returned");
    assertTrue(Duration.ofNanos(System.nanoTime() - interrupted).compareTo(Duration.ofSeconds(20)) < 0,
        "stopped promptly, not after waiting out the workers");
    assertTrue(outcome.get() instanceof RenderCancelledException, String.valueOf(outcome.get()));
    assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(), "no worker left");
    assertTrue(Files.notExists(dir.resolve("out.mp4")));
  }

  @Test
  void sourceFailureInAWorker_reachesTheCallerTyped(@JobTempDir Path jobTemp) {
    Path corrupt = FaultyMedia.corruptHeader(dir, SOURCE);
    SourceMediaException failure = assertThrows(SourceMediaException.class, () -> MontageBuilder.create()
        .output(dir.resolve("out.mp4")).size(160, 120).frameRate(30).tempDir(jobTemp)
        .clip(SOURCE, Duration.ZERO, Duration.ofMillis(500)).clip(corrupt)
        .build().render(options().isolation(Isolation.PROCESS).build()));

    assertEquals(1, failure.clipIndex().orElseThrow(), failure.getMessage());
    assertEquals(corrupt, failure.file().orElseThrow());
    assertTrue(Files.notExists(dir.resolve("out.mp4")));
  }
}
