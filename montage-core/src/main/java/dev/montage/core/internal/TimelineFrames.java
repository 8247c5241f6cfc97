package dev.montage.core.internal;

import java.time.Duration;

/**
 * The frame arithmetic of a timeline, written once for the renderer and for
 * {@code MontageJob.plannedFrames()}: clip lengths in microseconds become frame counts rounded once
 * per cumulative end (so 1000 clips do not drift), each transition a whole number of frames,
 * clamped so that no clip takes part in two at once.
 */
public final class TimelineFrames {

  private TimelineFrames() {}

  /**
   * The frames of a timeline.
   *
   * @param clipFrames frames each clip shows, its transitions included (a copy: callers may not
   *     change it)
   * @param overlapFrames frames of the transition after each clip but the last, as clamped (a copy)
   * @param totalFrames frames of the whole output
   */
  public record Plan(long[] clipFrames, int[] overlapFrames, long totalFrames) {

    /** Copies the arrays. */
    public Plan {
      clipFrames = clipFrames.clone();
      overlapFrames = overlapFrames.clone();
    }

    /** Frames clip {@code index} shows. */
    public long frames(int index) {
      return clipFrames[index];
    }

    /** Frames clip {@code index} and the next overlap; 0 after the last clip and at a cut. */
    public int overlapAfter(int index) {
      return index < overlapFrames.length ? overlapFrames[index] : 0;
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

  /**
   * How long the span from {@code inMicros} to {@code outMicros} of a source lasts on the timeline
   * at {@code speed}, in whole microseconds: the same arithmetic for the renderer and for
   * {@code MontageJob.plannedFrames()}.
   */
  public static long lengthMicros(long inMicros, long outMicros, double speed) {
    long span = outMicros - inMicros;
    return speed == 1 ? span : Math.round(span / speed);
  }

  /** Frames of a transition (such as a crossfade) of {@code micros} at {@code fps}, rounded half up, at most {@link Integer#MAX_VALUE}. */
  public static int transitionFrames(long micros, double fps) {
    return (int) Math.min(Integer.MAX_VALUE, Math.round(micros * fps / 1e6));
  }

  /** The shortest crossfade, in microseconds, that is at least one frame at {@code fps}. */
  public static long shortestCrossfadeMicros(double fps) {
    long micros = (long) Math.ceil(500_000 / fps);
    while (transitionFrames(micros, fps) < 1) {
      micros++;
    }
    while (micros > 1 && transitionFrames(micros - 1, fps) >= 1) {
      micros--;
    }
    return micros;
  }

  /** Places clips of the given lengths with the same transition of {@code requested} frames at every boundary. */
  public static Plan plan(long[] lengthsMicros, double fps, int requested) {
    int[] overlaps = new int[Math.max(0, lengthsMicros.length - 1)];
    java.util.Arrays.fill(overlaps, requested);
    return plan(lengthsMicros, fps, overlaps);
  }

  /**
   * Places clips of the given lengths with the transition after clip {@code i} overlapping
   * {@code requested[i]} frames.
   *
   * <p>Where a clip is too short for what its two transitions ask, each is clamped as little as
   * keeps the clip in at most one transition at a time: one side may take the clip's frames less
   * what the other asks, the other at most half of them ({@code cap = frames - min(other,
   * ceil(frames / 2))}); whichever side asks for no more than half keeps its request. Job
   * validation rejects such requests where lengths are known; this covers clips that run to the end
   * of their source and rounding to frames.
   *
   * @param lengthsMicros each clip's length (out point minus in point) in microseconds
   * @param requested frames asked for the transition after each clip but the last (length n - 1)
   */
  public static Plan plan(long[] lengthsMicros, double fps, int[] requested) {
    int n = lengthsMicros.length;
    if (requested.length != Math.max(0, n - 1)) {
      throw new IllegalArgumentException(requested.length + " transitions for " + n + " clips");
    }
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
    int[] overlaps = new int[requested.length];
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += frames[i];
    }
    for (int i = 0; i < overlaps.length; i++) {
      long ask = Math.max(0, requested[i]);
      long before = i == 0 ? 0 : Math.max(0, requested[i - 1]);
      long after = i + 1 < requested.length ? Math.max(0, requested[i + 1]) : 0;
      long fit = Math.min(ask, Math.min(cap(frames[i], before), cap(frames[i + 1], after)));
      overlaps[i] = (int) fit;
      total -= fit;
    }
    return new Plan(frames, overlaps, total);
  }

  /** The most frames a clip of {@code frames} gives one transition while the other asks {@code other}. */
  private static long cap(long frames, long other) {
    return frames - Math.min(other, (frames + 1) / 2);
  }

  /** How long {@code frames} frames last at {@code fps}, rounded to the nanosecond. */
  public static Duration duration(long frames, double fps) {
    return Duration.ofNanos(Math.round(frames * 1e9 / fps));
  }
}
