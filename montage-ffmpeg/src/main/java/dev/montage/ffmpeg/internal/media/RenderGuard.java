package dev.montage.ffmpeg.internal.media;

import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Checked by every render loop after each unit of work (a frame encoded, a packet copied, a chunk of
 * samples read): cancellation (the caller's token, or, in a segment, its environment: the job
 * cancelled, past its overall timeout, or another segment failed), the thread's interrupt flag, and
 * whether the step has stalled.
 *
 * <p>Design: a step's time limit is a stall budget, not a deadline. A busy machine makes every frame
 * slower but never stops frames coming, so a healthy job cannot fail here however long it runs; only
 * a unit of work that takes longer than the budget on its own (a source that stopped delivering, a
 * hung decoder that came back) fails, naming the clip it was on. The budget comes from the
 * {@link dev.montage.core.policy.FfmpegTimeouts} policy applied to one source span, what the
 * formula was made for.
 */
public final class RenderGuard {

  private final BooleanSupplier cancelled;
  private final LongSupplier nanoTime;

  /** A guard stopping once {@code cancelled} turns true, timing stalls on {@code nanoTime}. */
  public RenderGuard(BooleanSupplier cancelled, LongSupplier nanoTime) {
    this.cancelled = cancelled;
    this.nanoTime = nanoTime;
  }

  /** Whether the render must stop (cancelled); checked by work that blocks where {@link #check} cannot run. */
  public boolean cancelled() {
    return cancelled.getAsBoolean();
  }

  /** Watches {@code what} (on clip {@code clipIndex} of {@code file}) for a stall of more than {@code budget}. */
  public Watch watch(String what, int clipIndex, Path file, Duration budget) {
    return new Watch(what, clipIndex, file, budget, nanoTime.getAsLong());
  }

  /**
   * Called after each unit of work of {@code watch}'s step: throws if the render must stop, else
   * records the progress.
   *
   * @throws RenderCancelledException when cancelled or interrupted
   * @throws RenderTimeoutException when this unit took longer than the stall budget
   */
  public void check(Watch watch) {
    if (cancelled.getAsBoolean()) {
      throw RenderCancelledException.byToken();
    }
    Failures.checkInterrupt();
    long now = nanoTime.getAsLong();
    long idle = now - watch.lastProgress;
    if (idle > watch.budget.toNanos()) {
      throw RenderTimeoutException.stalled(watch.what, watch.clipIndex, watch.file, Duration.ofNanos(idle),
          watch.budget);
    }
    watch.lastProgress = now;
  }

  /** One step's progress, owned by the thread that runs the step. */
  public static final class Watch {
    private final String what;
    private final Duration budget;
    private int clipIndex;
    private Path file;
    private long lastProgress;

    private Watch(String what, int clipIndex, Path file, Duration budget, long started) {
      this.what = what;
      this.clipIndex = clipIndex;
      this.file = file;
      this.budget = budget;
      this.lastProgress = started;
    }

    /** The step moved on to clip {@code index} of {@code source}: a stall from now on names it. */
    public void on(int index, Path source) {
      this.clipIndex = index;
      this.file = source;
    }

    /** The longest one unit of work may take. */
    public Duration budget() {
      return budget;
    }
  }
}
