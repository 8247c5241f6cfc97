package dev.montage.core.internal;

import java.time.Duration;

/**
 * The frame arithmetic of a timeline, written once for the renderer and for
 * {@code MontageJob.plannedFrames()}: clip lengths in microseconds become frame counts rounded once
 * per cumulative end (so 1000 clips do not drift), a crossfade becomes a whole number of frames,
 * clamped so that no clip takes part in more than two.
 */
public final class TimelineFrames {

  private TimelineFrames() {}

  /**
   * The frames of a timeline.
   *
   * @param clipFrames frames each clip shows, crossfades included (a copy: callers may not change it)
   * @param crossfadeFrames the crossfade actually used
   * @param totalFrames frames of the whole output
   */
  public record Plan(long[] clipFrames, int crossfadeFrames, long totalFrames) {

    /** Copies the array. */
    public Plan {
      clipFrames = clipFrames.clone();
    }

    /** Frames clip {@code index} shows. */
    public long frames(int index) {
      return clipFrames[index];
    }
  }

  /** Whole microseconds of {@code duration} (truncated), saturating at {@link Long#MAX_VALUE}/MIN. */
  public static long micros(Duration duration) {
    try {
      return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1000);
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** Frames of a crossfade of {@code micros} at {@code fps}, rounded half up, at most {@link Integer#MAX_VALUE}. */
  public static int crossfadeFrames(long micros, double fps) {
    return (int) Math.min(Integer.MAX_VALUE, Math.round(micros * fps / 1e6));
  }

  /** The shortest crossfade, in microseconds, that is at least one frame at {@code fps}. */
  public static long shortestCrossfadeMicros(double fps) {
    long micros = (long) Math.ceil(500_000 / fps);
    while (crossfadeFrames(micros, fps) < 1) {
      micros++;
    }
    while (micros > 1 && crossfadeFrames(micros - 1, fps) >= 1) {
      micros--;
    }
    return micros;
  }

  /**
   * Places clips of the given lengths with a crossfade of {@code requestedCrossfade} frames.
   *
   * @param lengthsMicros each clip's length (out point minus in point) in microseconds
   */
  public static Plan plan(long[] lengthsMicros, double fps, int requestedCrossfade) {
    int n = lengthsMicros.length;
    long[] frames = new long[n];
    long cumulativeMicros = 0;
    long previousEnd = 0;
    for (int i = 0; i < n; i++) {
      cumulativeMicros += lengthsMicros[i];
      // Boundaries are the rounded cumulative lengths, so nothing drifts over many clips; a clip of
      // one frame whose length lost a fraction of a microsecond (1/30 s is 33 333.33 us) could
      // round to no frame at all where its end falls on a half frame, so each clip keeps at least
      // one, and the next boundary catches up with the cumulative length at once.
      long end = Math.max(previousEnd + 1, Math.round(cumulativeMicros * fps / 1e6));
      frames[i] = end - previousEnd;
      previousEnd = end;
    }
    long crossfade = n < 2 ? 0 : Math.max(0, requestedCrossfade);
    for (int i = 0; i < n && crossfade > 0; i++) {
      long ends = (i == 0 || i == n - 1) ? 1 : 2;
      crossfade = Math.min(crossfade, frames[i] / ends);
    }
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += frames[i] - (i < n - 1 ? crossfade : 0);
    }
    return new Plan(frames, (int) crossfade, total);
  }

  /** How long {@code frames} frames last at {@code fps}, rounded to the nanosecond. */
  public static Duration duration(long frames, double fps) {
    return Duration.ofNanos(Math.round(frames * 1e9 / fps));
  }
}
