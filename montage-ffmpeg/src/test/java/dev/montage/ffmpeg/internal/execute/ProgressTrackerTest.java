package dev.montage.ffmpeg.internal.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.montage.core.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Progress reports over a clock the test moves: monotone, within 0..1, paced, complete at the end. */
class ProgressTrackerTest {

  final AtomicLong clock = new AtomicLong(5_000_000_000L);
  final List<Progress> reports = new ArrayList<>();

  ProgressTracker tracker(long total, int segments) {
    return new ProgressTracker(reports::add, total, segments, clock::get);
  }

  /**
   * Steps of work: frames added (at least one, as segment writers add) and nanoseconds passed
   * before adding them.
   */
  @Provide
  Arbitrary<List<Tuple2<Integer, Long>>> steps() {
    return Arbitraries.integers().between(1, 50)
        .flatMap(frames -> Arbitraries.longs().between(0, 400_000_000L).map(nanos -> Tuple.of(frames, nanos)))
        .list().ofMaxSize(150);
  }

  @Property(tries = 100, seed = "20261127")
  void add_reportsAreMonotoneWithinZeroAndOneAndPaced(
      @ForAll @LongRange(min = 1, max = 5_000) long total, @ForAll @IntRange(min = 1, max = 8) int segments,
      @ForAll("steps") List<Tuple2<Integer, Long>> steps) {
    reports.clear(); // jqwik runs all tries of a property on one instance
    ProgressTracker tracker = tracker(total, segments);
    List<Long> reportedAt = new ArrayList<>();
    long done = 0;
    for (Tuple2<Integer, Long> step : steps) {
      clock.addAndGet(step.get2());
      done += step.get1();
      int before = reports.size();
      tracker.add(step.get1());
      if (reports.size() > before) {
        reportedAt.add(clock.get());
        assertEquals(Math.min(done, total), reports.get(reports.size() - 1).framesDone(), "reports the frames done");
      }
    }
    long step = Math.max(1, total / 100);
    for (int i = 0; i < reports.size(); i++) {
      Progress progress = reports.get(i);
      assertTrue(progress.fraction() >= 0 && progress.fraction() < 1, "fraction " + progress.fraction());
      assertEquals(total, progress.framesTotal());
      assertEquals(segments, progress.segmentCount());
      if (i > 0) {
        Progress previous = reports.get(i - 1);
        assertTrue(progress.framesDone() > previous.framesDone(), "went backwards or repeated: " + previous + " -> " + progress);
        long frames = progress.framesDone() - previous.framesDone();
        long nanos = reportedAt.get(i) - reportedAt.get(i - 1);
        assertTrue(frames >= step || nanos >= ProgressTracker.INTERVAL_NANOS,
            "reported again after " + frames + " frames and " + nanos + " ns");
      }
    }
    tracker.finished();
    Progress last = reports.get(reports.size() - 1);
    assertEquals(1.0, last.fraction());
    assertEquals(total, last.framesDone());
    assertEquals(segments, last.segment());
    assertEquals(Optional.of(Duration.ZERO), last.timeLeft());
  }

  @Example
  void add_everyPercentWhileTheClockStandsStill() {
    ProgressTracker tracker = tracker(1000, 1);
    for (int i = 0; i < 1000; i++) {
      tracker.add(1);
    }
    // 10 frames a percent; the 100th percent is left to finished().
    assertEquals(99, reports.size());
    assertEquals(10, reports.get(0).framesDone());
    assertEquals(990, reports.get(98).framesDone());
    assertNull(reports.get(0).eta(), "no time passed, so no estimate");
  }

  @Example
  void add_every200MillisecondsWhenFramesAreSlow() {
    ProgressTracker tracker = tracker(100_000, 1);
    tracker.add(1);
    clock.addAndGet(ProgressTracker.INTERVAL_NANOS - 1);
    tracker.add(1);
    assertEquals(0, reports.size(), "neither a percent nor the interval yet");
    clock.incrementAndGet();
    tracker.add(1);
    assertEquals(1, reports.size());
    assertEquals(3, reports.get(0).framesDone());
  }

  @Example
  void add_estimatesTimeLeftFromTheRateSoFar() {
    ProgressTracker tracker = tracker(100, 2);
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    tracker.add(50);
    assertEquals(Optional.of(Duration.ofSeconds(1)), reports.get(0).timeLeft());
    assertEquals(0.5, reports.get(0).fraction());
  }

  @Example
  void add_neverReportsTheEndItselfEvenPastTheTotal() {
    ProgressTracker tracker = tracker(10, 1);
    tracker.add(9);
    tracker.add(5);
    assertEquals(List.of(9L), reports.stream().map(Progress::framesDone).toList());
    tracker.finished();
    assertEquals(10, reports.get(1).framesDone());
  }

  @Example
  void segment_isTheOneTheFramesDoneReach_oneBased() {
    ProgressTracker tracker = tracker(100, 3);
    tracker.add(40);
    assertEquals(2, reports.get(0).segment());
    assertEquals(3, reports.get(0).segmentCount());
  }

  @Example
  void finished_reportsCompletionOnce() {
    ProgressTracker tracker = tracker(7, 2);
    tracker.finished();
    assertEquals(List.of(new Progress(7, 7, 2, 2, Duration.ZERO)), reports);
  }

  @Property(tries = 30, seed = "20261127")
  void finished_isOneWhateverWasAdded(
      @ForAll @LongRange(min = 1, max = 1_000_000) long total, @ForAll @Size(max = 20) List<@IntRange(max = 100_000) Integer> adds) {
    ProgressTracker tracker = tracker(total, 1);
    adds.forEach(tracker::add);
    tracker.finished();
    assertEquals(1.0, reports.get(reports.size() - 1).fraction());
  }

  /** Segments report from their own threads: whichever thread crossed a later threshold first, reports stay in order. */
  @Example
  void add_fromManyThreads_reportsInOrder() throws InterruptedException {
    List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong clock = new AtomicLong();
    ProgressTracker tracker = new ProgressTracker(progress -> {
      seen.add(progress.framesDone());
      Thread.yield(); // widen the window in which another thread could overtake
    }, 400_000, 8, () -> clock.addAndGet(1_000_000));
    List<Thread> segments = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread segment = new Thread(() -> {
        for (int frame = 0; frame < 50_000; frame++) {
          tracker.add(1);
        }
      });
      segments.add(segment);
      segment.start();
    }
    for (Thread segment : segments) {
      segment.join();
    }
    assertTrue(seen.size() > 10, "reported along the way: " + seen.size());
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) > seen.get(i - 1), "report " + i + " went from " + seen.get(i - 1) + " to " + seen.get(i));
    }
  }
}
