package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentTask;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.SegmentPlan;
import dev.montage.ffmpeg.internal.segment.SegmentRenderTask;
import dev.montage.ffmpeg.internal.worker.IsolatedCall;
import java.io.Serializable;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A segment task done in a worker process: runs through the task's own entry point there, and knows
 * from the segment's plan which clip was showing after so many frames, for a crash's message.
 *
 * @param task the segment to render
 * @param plan what it renders, to name the clip a crash was on; null when unknown
 */
record SegmentCall(SegmentTask task, @Nullable SegmentPlan plan) implements IsolatedCall {

  /** A call for {@code task}, with its plan when it is a Montage segment. */
  static SegmentCall of(SegmentTask task) {
    return new SegmentCall(task, task instanceof SegmentRenderTask render ? render.plan() : null);
  }

  private static final long serialVersionUID = 1L;

  @Override
  public Serializable call(SegmentEnvironment environment) {
    return task.run(environment);
  }

  @Override
  public String what() {
    return "segment " + task.index();
  }

  @Override
  public int clipAt(long framesDone) {
    PlannedClip clip = showing(framesDone);
    return clip == null ? -1 : clip.clipIndex();
  }

  @Override
  public @Nullable Path fileAt(long framesDone) {
    PlannedClip clip = showing(framesDone);
    return clip == null ? null : Path.of(clip.source());
  }

  /** The last clip that had started by output frame {@code framesDone} of the segment. */
  private @Nullable PlannedClip showing(long framesDone) {
    SegmentPlan plan = this.plan;
    if (plan == null) {
      return null;
    }
    long frame = plan.firstFrame() + framesDone;
    PlannedClip showing = plan.clips().get(0);
    for (PlannedClip clip : plan.clips()) {
      if (clip.startFrame() <= frame) {
        showing = clip;
      }
    }
    return showing;
  }
}
