package dev.montage.ffmpeg.internal.run;

import dev.montage.core.MediaInfo;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderPlan.ClipPath;
import dev.montage.core.RenderPlan.ClipPlan;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.internal.TimelineFrames;
import dev.montage.ffmpeg.internal.plan.CopyPlanner;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPlan;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.EncodePiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.Piece;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The render's decisions put into words for {@link RenderPlan}: per clip, its path and why. */
final class PlanExplanation {

  private PlanExplanation() {}

  /** A job that is copied, with smart cut where {@code plan} encodes pieces. */
  static RenderPlan copied(List<ResolvedClip> clips, CopyPlan plan, int encodedSegments, String codec,
      double fps, RenderResult.Audio audio) {
    List<ClipPlan> explained = new ArrayList<>(clips.size());
    for (int i = 0; i < clips.size(); i++) {
      long copied = 0;
      long encoded = 0;
      for (Piece piece : plan.pieces()) {
        if (piece instanceof EncodePiece encode && encode.clip() == i) {
          encoded += piece.endFrame() - piece.firstFrame();
        } else if (piece instanceof CopyPiece copy && copy.run().clipIndex() == clips.get(i).clipIndex()) {
          copied += piece.endFrame() - piece.firstFrame();
        }
      }
      explained.add(clip(clips.get(i), copied, encoded));
    }
    boolean encodes = plan.encodes();
    return new RenderPlan(encodes ? RenderMode.SMART_CUT : RenderMode.STREAM_COPY, Math.max(1, encodedSegments),
        plan.totalFrames(), TimelineFrames.duration(plan.totalFrames(), fps), encodes ? codec : "copy", audio,
        explained);
  }

  private static ClipPlan clip(ResolvedClip clip, long copied, long encoded) {
    Path source = Path.of(clip.source());
    if (encoded == 0) {
      return new ClipPlan(clip.clipIndex(), source, ClipPath.COPIED, "cut on keyframes: its " + copied
          + " frames are copied as they are");
    }
    if (copied == 0) {
      return new ClipPlan(clip.clipIndex(), source, ClipPath.REENCODED,
          "no two keyframes inside the clip: its " + encoded + " frames are encoded");
    }
    return new ClipPlan(clip.clipIndex(), source, ClipPath.SMART_CUT, "cut between keyframes: " + encoded
        + " frames at the cuts encoded, " + copied + " copied");
  }

  /**
   * The clips of a job that is re-encoded: each says that it plays at another speed, or how its
   * source differs from what a copy into a {@code copiedInto} output needs (empty where no copy was
   * considered), else why the job is not copied.
   */
  static List<ClipPlan> reencoded(List<ResolvedClip> clips, Map<Path, MediaInfo> probed, OutputFormat format,
      String whyNotCopied, java.util.Optional<dev.montage.core.VideoCodec> copiedInto) {
    List<ClipPlan> explained = new ArrayList<>(clips.size());
    for (ResolvedClip clip : clips) {
      Path source = Path.of(clip.source());
      MediaInfo info = probed.get(source);
      String reason = clip.still() ? "a still image: encoded"
          : !clip.motion().isWhole() ? "pans and zooms: its frames are cropped and encoded"
          : clip.speed() != 1 ? "plays at " + clip.speed() + "x: retiming needs re-encoding"
          : info == null || copiedInto.isEmpty() ? whyNotCopied
          : CopyPlanner.mismatch(info, format, copiedInto.get()).orElse(whyNotCopied);
      explained.add(new ClipPlan(clip.clipIndex(), source, ClipPath.REENCODED, reason));
    }
    return explained;
  }
}
