package dev.montage.ffmpeg.internal.plan;

import dev.montage.core.EncodingException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.h264.AvcConfig;
import dev.montage.ffmpeg.internal.hevc.HevcIdRemap;
import dev.montage.ffmpeg.internal.hevc.HvcConfig;
import dev.montage.ffmpeg.internal.media.Streams;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPlan;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.EncodePiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.Piece;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The encoded half of a smart cut: turns a {@link CopyPlan}'s encoded pieces into segment plans
 * (neighbouring pieces, such as one clip's tail and the next clip's head, share a segment), checks
 * what the encoder wrote, and gives the joiner its runs and the output's merged parameter sets.
 */
public final class SmartCut {

  private SmartCut() {}

  /**
   * The encoded pieces of {@code plan} grouped into segments, in timeline order: neighbouring
   * pieces together, each group at most {@code perSegment} clips.
   */
  public static List<List<EncodePiece>> groups(CopyPlan plan, int perSegment) {
    List<List<EncodePiece>> groups = new ArrayList<>();
    List<EncodePiece> group = new ArrayList<>();
    for (Piece piece : plan.pieces()) {
      if (piece instanceof EncodePiece encode) {
        boolean contiguous = !group.isEmpty() && group.get(group.size() - 1).endFrame() == encode.firstFrame();
        boolean full = !group.isEmpty() && clipCount(group) >= perSegment && group.get(group.size() - 1).clip() != encode.clip();
        if (!group.isEmpty() && (!contiguous || full)) {
          groups.add(List.copyOf(group));
          group.clear();
        }
        group.add(encode);
      } else if (!group.isEmpty()) {
        groups.add(List.copyOf(group));
        group.clear();
      }
    }
    if (!group.isEmpty()) {
      groups.add(List.copyOf(group));
    }
    return groups;
  }

  /** One segment plan per group, with no audio file (the joiner takes the timeline's audio). */
  public static List<SegmentPlan> segments(List<List<EncodePiece>> groups, CopyPlan plan, List<ResolvedClip> resolved,
      EncoderSettings encoder, SegmentPlan.OutputFormat format, TimelinePlanner.SegmentFiles files) {
    List<SegmentPlan> segments = new ArrayList<>(groups.size());
    for (List<EncodePiece> group : groups) {
      int index = segments.size();
      segments.add(new SegmentPlan(index, group.get(0).firstFrame(), group.get(group.size() - 1).endFrame(),
          clipsOf(group, plan), List.of(), format, encoder, files.video(index), "", spanBytes(group, resolved)));
    }
    return segments;
  }

  private static long clipCount(List<EncodePiece> group) {
    return group.stream().mapToInt(EncodePiece::clip).distinct().count();
  }

  /** The clips {@code group}'s pieces come from, each once, in order. */
  private static List<PlannedClip> clipsOf(List<EncodePiece> group, CopyPlan plan) {
    return group.stream().mapToInt(EncodePiece::clip).distinct().mapToObj(plan.clips()::get).toList();
  }

  /** What the timeout policy is applied to for {@code group}: the largest span its clips read. */
  private static long spanBytes(List<EncodePiece> group, List<ResolvedClip> resolved) {
    return group.stream().mapToLong(piece -> TimelinePlanner.spanBytes(resolved.get(piece.clip()))).max().orElse(0);
  }

  /** The joiner's runs: copied pieces and encoded segments in timeline order. */
  public static List<VideoRun> runs(CopyPlan plan, List<SegmentPlan> segments, Path workDir) {
    return runs(plan, segments, workDir, null);
  }

  /**
   * The joiner's runs: copied pieces and encoded segments in timeline order, the segments' HEVC
   * parameter set ids changed by {@code hevcRemap} when given.
   */
  public static List<VideoRun> runs(CopyPlan plan, List<SegmentPlan> segments, Path workDir,
      @Nullable HevcIdRemap hevcRemap) {
    List<VideoRun> runs = new ArrayList<>();
    for (Piece piece : plan.pieces()) {
      if (piece instanceof CopyPiece copy) {
        runs.add(copy.run());
      }
    }
    for (SegmentPlan segment : segments) {
      runs.add(new VideoRun(segment.videoPath(workDir), 0, Long.MAX_VALUE, segment.firstFrame(), -1, null,
          hevcRemap));
    }
    runs.sort(Comparator.comparingLong(VideoRun::startFrame));
    return runs;
  }

  /**
   * The output's decoder configuration: the sources' parameter sets and the encoded segments'.
   *
   * @throws EncodingException when the encoder did not write what smart cut asked of it (one set
   *     of parameter sets, under the free id, with the sources' NAL length size)
   */
  public static byte[] mergedConfig(CapturePool pool, CopyPlan plan, List<SegmentPlan> segments, Path workDir) {
    byte[] first = null;
    for (SegmentPlan segment : segments) {
      Path file = segment.videoPath(workDir);
      byte[] extradata = extradata(pool, file);
      if (first == null) {
        first = extradata;
      } else if (!Arrays.equals(first, extradata)) {
        throw EncodingException.failed(segment.clips().get(0).clipIndex(), file,
            "smart cut: the encoder wrote different parameter sets for different pieces", null);
      }
    }
    if (first == null) {
      throw new IllegalStateException("smart cut without encoded segments");
    }
    Path file = segments.get(0).videoPath(workDir);
    AvcConfig pieces = AvcConfig.parse(first).orElseThrow(() -> EncodingException.failed(
        segments.get(0).clips().get(0).clipIndex(), file, "smart cut: the encoder wrote no avcC record", null));
    if (!pieces.spsIds().equals(java.util.Set.of(plan.parameterSetId()))
        || !pieces.ppsIds().equals(java.util.Set.of(plan.parameterSetId()))) {
      throw EncodingException.failed(segments.get(0).clips().get(0).clipIndex(), file,
          "smart cut: the encoder used parameter set ids " + pieces.spsIds() + "/" + pieces.ppsIds()
              + " instead of " + plan.parameterSetId(), null);
    }
    try {
      return plan.h264Config().merge(pieces);
    } catch (IllegalArgumentException e) {
      throw EncodingException.failed(segments.get(0).clips().get(0).clipIndex(), file,
          "smart cut: " + e.getMessage(), e);
    }
  }

  /**
   * How an HEVC smart cut's encoded pieces join the sources' stream.
   *
   * @param record the output's hvcC record
   * @param remap the pieces' new parameter set ids, all of them in {@code record}; {@code null} when
   *     none were free or the sources' own sets change in the stream, and the pieces' sets are
   *     repeated in the stream too (see {@link dev.montage.ffmpeg.internal.hevc.HvcConfig})
   */
  public record HevcJoin(byte[] record, @Nullable HevcIdRemap remap) {}

  /**
   * The output's HEVC record and the pieces' renumbering, after checking that every encoded segment
   * can sit in the sources' stream (one hvcC record for all of them, of the sources' profile and
   * NAL length size).
   *
   * @throws EncodingException when the encoder wrote something else
   */
  public static HevcJoin hevcJoin(CapturePool pool, CopyPlan plan, List<SegmentPlan> segments, Path workDir) {
    HvcConfig sources = Objects.requireNonNull(plan.hevcConfig(), "an HEVC plan");
    HvcConfig first = null;
    for (SegmentPlan segment : segments) {
      Path file = segment.videoPath(workDir);
      Optional<HvcConfig> piece = HvcConfig.parse(extradata(pool, file));
      String wrong = piece.isEmpty() ? "no hvcC record"
          : piece.get().profile() != sources.profile() ? "profile " + piece.get().profile() + ", the sources "
              + sources.profile()
          : piece.get().lengthSize() != sources.lengthSize() ? piece.get().lengthSize() + "-byte NAL lengths, the"
              + " sources " + sources.lengthSize()
          : first != null && !first.equals(piece.get()) ? "different parameter sets for different pieces"
          : "";
      if (!wrong.isEmpty()) {
        throw EncodingException.failed(segment.clips().get(0).clipIndex(), file,
            "smart cut: the HEVC encoder wrote " + wrong, null);
      }
      first = piece.get();
    }
    if (first == null) {
      throw new IllegalStateException("smart cut without encoded segments");
    }
    if (plan.joinsEncoders()) {
      // Sources of several settings ride in-band sets of their own, whose ids only the first
      // source's record tells nothing about: the pieces do the same.
      return new HevcJoin(sources.bytes(), null);
    }
    HvcConfig pieces = first;
    return HevcIdRemap.beside(sources, pieces)
        .map(remap -> new HevcJoin(remap.merge(sources, pieces), remap))
        .orElseGet(() -> new HevcJoin(sources.bytes(), null));
  }

  private static byte[] extradata(CapturePool pool, Path file) {
    try (GrabberLease lease = pool.leaseWritten(file)) {
      return Streams.extradata(Streams.video(lease.grabber(), file));
    }
  }
}
