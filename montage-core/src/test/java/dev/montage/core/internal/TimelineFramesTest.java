package dev.montage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The frame arithmetic the renderer and {@code plannedFrames()} share: no clip lost, no drift. */
class TimelineFramesTest {

  @Provide
  Arbitrary<Double> rates() {
    return Arbitraries.of(23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 59.94, 60.0);
  }

  @Provide
  Arbitrary<List<Long>> oneFrameOrLonger() {
    // From one frame at 60 fps less a microsecond (what truncation to microseconds can leave) up.
    return Arbitraries.longs().between(16_666, 3_000_000).list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 300, seed = "20261127")
  void plan_everyClipOfAFrameKeepsOne_andTheTotalDoesNotDrift(
      @ForAll("rates") double fps, @ForAll("oneFrameOrLonger") List<Long> lengths) {
    long[] micros = lengths.stream().mapToLong(Long::longValue).filter(l -> l * fps >= 1e6 - fps).toArray();
    if (micros.length == 0) {
      return;
    }
    TimelineFrames.Plan plan = TimelineFrames.plan(micros, fps, 0);
    long cumulative = 0;
    long end = 0;
    for (int i = 0; i < micros.length; i++) {
      assertTrue(plan.frames(i) >= 1, "clip " + i + " of " + micros[i] + " us got no frame");
      cumulative += micros[i];
      end += plan.frames(i);
      // A boundary is the rounded cumulative length, or one frame past the previous boundary.
      assertEquals(cumulative * fps / 1e6, end, 1.0 + 1e-9, "boundary " + i + " drifted");
    }
    assertEquals(end, plan.totalFrames());
  }

  @Example
  void plan_oneFrameClipAtAHalfFrame_keepsItsFrame() {
    // 50 ms then 33 333 us at 30 fps: cumulative 1.5 and 2.49999 frames round to 2 and 2.
    TimelineFrames.Plan plan = TimelineFrames.plan(new long[] {50_000, 33_333}, 30, 0);
    assertEquals(2, plan.frames(0));
    assertEquals(1, plan.frames(1));
    assertEquals(3, plan.totalFrames());
  }
}
