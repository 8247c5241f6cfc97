package dev.montage.ffmpeg.internal.run;

import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPlan;
import dev.montage.ffmpeg.internal.plan.SegmentPlan;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.Timeline;
import java.util.List;

/**
 * How the output's video is made, as planned: each path holds the segments it encodes (portable
 * tasks once given their budgets) and what it copies. A {@link PathRenderer} carries it out and
 * hands the join a {@link JoinInput}.
 */
sealed interface VideoPath permits VideoPath.Reencode, VideoPath.StreamCopy, VideoPath.SmartCut {

  /** The segments to encode, in timeline order (none for a stream copy). */
  List<SegmentPlan> segments();

  /** Segments that render at once. */
  int workers();

  /**
   * Every clip decoded, composed and encoded, in segments.
   *
   * @param timeline where the clips are placed
   * @param segments the segments, each with its clips, files and encoder
   * @param workers segments that render at once
   */
  record Reencode(Timeline timeline, List<SegmentPlan> segments, int workers) implements VideoPath {
    public Reencode {
      segments = List.copyOf(segments);
    }
  }

  /**
   * Compressed video copied from the sources, every cut on a keyframe.
   *
   * @param plan the copied pieces
   */
  record StreamCopy(CopyPlan plan) implements VideoPath {
    @Override
    public List<SegmentPlan> segments() {
      return List.of();
    }

    @Override
    public int workers() {
      return 1;
    }
  }

  /**
   * Whole GOPs copied, the frames from each off-keyframe cut to the nearest keyframe encoded.
   *
   * @param plan the copied and encoded pieces
   * @param segments the encoded pieces, grouped into segments
   * @param workers segments that render at once
   */
  record SmartCut(CopyPlan plan, List<SegmentPlan> segments, int workers) implements VideoPath {
    public SmartCut {
      segments = List.copyOf(segments);
    }
  }
}
