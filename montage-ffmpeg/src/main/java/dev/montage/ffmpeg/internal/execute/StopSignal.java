package dev.montage.ffmpeg.internal.execute;

import dev.montage.core.CancellationToken;
import dev.montage.core.MontageException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Why a job stops before it is done: the caller cancelled its token, or the job ran past its
 * overall timeout. Every loop of the job polls it (through the guard and the segments'
 * environment), so both stop the job the same way; {@link #explain} then tells the caller which
 * it was: a cancellation stays {@link RenderCancelledException}, a timeout becomes
 * {@link RenderTimeoutException}.
 */
public final class StopSignal implements BooleanSupplier {

  private final CancellationToken token;
  private final @Nullable Duration timeout;
  private final long deadline;
  private final LongSupplier nanoTime;

  private StopSignal(CancellationToken token, @Nullable Duration timeout, long deadline, LongSupplier nanoTime) {
    this.token = token;
    this.timeout = timeout;
    this.deadline = deadline;
    this.nanoTime = nanoTime;
  }

  /**
   * A time limit this long or longer is no limit: {@code System.nanoTime} differences are exact only
   * within 292 years, and hosts pass {@code ChronoUnit.FOREVER.getDuration()} to mean "none".
   */
  static final Duration UNLIMITED = Duration.ofDays(365L * 100);

  /** Stops on {@code token}, or {@code timeout} after {@code started} on {@code nanoTime} if set. */
  public static StopSignal of(CancellationToken token, Optional<Duration> timeout, long started, LongSupplier nanoTime) {
    Duration limit = timeout.filter(t -> t.compareTo(UNLIMITED) < 0).orElse(null);
    return new StopSignal(token, limit, limit == null ? 0 : started + limit.toNanos(), nanoTime);
  }

  /** Whether the job must stop now. */
  @Override
  public boolean getAsBoolean() {
    return token.isCancelled() || timedOut();
  }

  private boolean timedOut() {
    return timeout != null && nanoTime.getAsLong() - deadline >= 0;
  }

  /**
   * What the caller gets for {@code failure}: a cancellation caused by the overall timeout becomes
   * {@link RenderTimeoutException} naming where the job was; anything else is returned as it is.
   */
  public MontageException explain(MontageException failure) {
    Duration limit = timeout;
    if (failure instanceof RenderCancelledException && limit != null && !token.isCancelled() && timedOut()) {
      RenderTimeoutException timedOut = RenderTimeoutException.jobTimedOut(
          failure.clipIndex().orElse(-1), failure.file().orElse(null), limit);
      timedOut.addSuppressed(failure);
      return timedOut;
    }
    return failure;
  }
}
