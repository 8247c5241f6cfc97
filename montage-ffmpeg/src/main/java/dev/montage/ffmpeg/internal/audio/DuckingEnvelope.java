package dev.montage.ffmpeg.internal.audio;

import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the music bed drops under the clips' own sound, and by how much, sample by sample: the
 * timeline is known in advance, so the drop ramps down over the attack ending where a clip's sound
 * starts (the first word is not under full music) and back up over the release from where it ends.
 * Spans of audible clips that touch or overlap are one span.
 *
 * @param spans sample ranges {@code [start, end)} of clip sound on the timeline, sorted, disjoint
 * @param floor the music's factor inside a span ({@code 10^(dB / 20)}); 1 for no ducking
 * @param attack samples of the ramp down before a span
 * @param release samples of the ramp up after a span
 */
public record DuckingEnvelope(List<long[]> spans, double floor, long attack, long release) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** No ducking. */
  public static final DuckingEnvelope NONE = new DuckingEnvelope(List.of(), 1, 0, 0);

  /** Copies the spans. */
  public DuckingEnvelope {
    spans = spans.stream().map(long[]::clone).toList();
  }

  /** The envelope of {@code clips}' audible sound, ducked by {@code db} decibels (0: none). */
  public static DuckingEnvelope of(List<PlannedClip> clips, OutputFormat format, double db, long attack,
      long release) {
    if (db >= 0) {
      return NONE;
    }
    List<long[]> spans = new ArrayList<>();
    for (PlannedClip clip : clips) {
      if (!clip.audible()) {
        continue;
      }
      long start = format.sampleAt(clip.startFrame());
      long end = format.sampleAt(clip.endFrame());
      long[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
      if (last != null && start <= last[1]) {
        last[1] = Math.max(last[1], end);
      } else {
        spans.add(new long[] {start, end});
      }
    }
    return new DuckingEnvelope(spans, Math.pow(10, db / 20), attack, release);
  }

  /**
   * The music's factor at timeline sample {@code sample}: 1 away from clip sound, {@link #floor} under
   * it. Called for every sample of the mix: finds the first span not yet released by binary search,
   * so a job of many clips costs no more per sample than one of few.
   */
  public double at(long sample) {
    int low = 0;
    int high = spans.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (spans.get(mid)[1] + release <= sample) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    double depth = 0;
    for (int i = low; i < spans.size(); i++) {
      long[] span = spans.get(i);
      if (sample < span[0] - attack) {
        break;
      }
      double here;
      if (sample < span[0]) {
        here = (sample - (span[0] - attack)) / (double) attack;
      } else if (sample < span[1]) {
        here = 1;
      } else {
        here = 1 - (sample - span[1]) / (double) release;
      }
      depth = Math.max(depth, here);
    }
    return 1 - depth * (1 - floor);
  }
}
