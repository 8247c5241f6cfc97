package dev.montage.ffmpeg.internal.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.CancellationToken;
import dev.montage.core.MontageException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The job's stop signal on an injected clock: a token, an overall timeout, and which one it was. */
class StopSignalTest {

  final AtomicLong clock = new AtomicLong(1_000);
  final CancellationToken token = CancellationToken.create();

  @Test
  void withoutTimeout_onlyTheTokenStops() {
    StopSignal stop = StopSignal.of(token, Optional.empty(), clock.get(), clock::get);
    clock.addAndGet(Duration.ofDays(365).toNanos());
    assertFalse(stop.getAsBoolean());
    token.cancel();
    assertTrue(stop.getAsBoolean());
  }

  @Test
  void pastTheTimeout_stopsAndTheCancellationIsExplainedAsATimeout() {
    StopSignal stop = StopSignal.of(token, Optional.of(Duration.ofMinutes(10)), clock.get(), clock::get);
    clock.addAndGet(Duration.ofMinutes(10).toNanos() - 1);
    assertFalse(stop.getAsBoolean());
    clock.addAndGet(1);
    assertTrue(stop.getAsBoolean());

    MontageException explained = stop.explain(RenderCancelledException.byToken());
    RenderTimeoutException timedOut = assertInstanceOf(RenderTimeoutException.class, explained);
    assertEquals(Duration.ofMinutes(10), timedOut.budget());
    assertEquals("the job ran past its overall timeout of 600000 ms set with timeout(...) and was stopped;"
        + " nothing was written", timedOut.getMessage());
  }

  @Test
  void cancelledByTheCaller_staysACancellationEvenPastTheTimeout() {
    StopSignal stop = StopSignal.of(token, Optional.of(Duration.ofSeconds(1)), clock.get(), clock::get);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    token.cancel();
    RenderCancelledException cancelled = RenderCancelledException.byToken();
    assertSame(cancelled, stop.explain(cancelled));
  }

  @Test
  void otherFailures_passUnchanged() {
    StopSignal stop = StopSignal.of(token, Optional.of(Duration.ofSeconds(1)), clock.get(), clock::get);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    MontageException other = RenderTimeoutException.exceeded("x", 0, Path.of("a.mp4"), Duration.ofSeconds(1));
    assertSame(other, stop.explain(other));
  }
}
