package dev.montage.ffmpeg.internal.run;

import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPlan;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.Timeline;
import java.util.List;
import java.util.Optional;

/** How the output's video is made. Each path renders what it must and hands the join a {@link JoinInput}. */
sealed interface VideoPath permits VideoPath.Reencode, VideoPath.StreamCopy, VideoPath.SmartCut {

  /**
   * Every clip decoded, composed and encoded, in segments.
   *
   * @param clips the resolved clips
   * @param timeline where they are placed
   */
  record Reencode(List<ResolvedClip> clips, Timeline timeline) implements VideoPath {}

  /**
   * Compressed video copied from the sources, every cut on a keyframe.
   *
   * @param plan the copied pieces
   */
  record StreamCopy(CopyPlan plan) implements VideoPath {}

  /**
   * Whole GOPs copied, the frames from each off-keyframe cut to the nearest keyframe encoded.
   *
   * @param plan the copied and encoded pieces
   * @param clips the resolved clips
   */
  record SmartCut(CopyPlan plan, List<ResolvedClip> clips) implements VideoPath {}

  /** The path the copy decision leaves: re-encoded without a copy plan, smart cut where it encodes. */
  static VideoPath of(List<ResolvedClip> clips, Timeline timeline, Optional<CopyPlan> copy) {
    if (copy.isEmpty()) {
      return new Reencode(clips, timeline);
    }
    return copy.get().encodes() ? new SmartCut(copy.get(), clips) : new StreamCopy(copy.get());
  }
}
