package dev.montage.ffmpeg.internal.plan;

import dev.montage.core.MediaInfo;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.media.AvcConfig;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.FfmpegLogTail;
import dev.montage.ffmpeg.internal.media.SourceClock;
import dev.montage.ffmpeg.internal.media.Streams;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a job's video can be copied instead of re-encoded, and plans it as pieces.
 *
 * <p>Copying needs no crossfade and sources that are all H.264 yuv420p at exactly the output's size
 * and frame rate, unrotated, with the same codec parameters (SPS/PPS) and time base. Copying starts
 * only at IDR frames (nothing after one refers to anything before it). A clip whose cuts fall on
 * IDR frames is one copy piece. With smart cut, a clip whose cuts fall between them becomes up to
 * three pieces: the frames from its in point to its first IDR encoded, the whole GOPs from there to
 * its last IDR copied, the frames from there to its out point encoded; a clip without two IDR
 * frames inside is encoded whole. Without smart cut, such a job is not copied at all.
 *
 * <p>All arithmetic is in source frames: the source's rate is the output's, so output frame
 * {@code j} of a clip is source frame {@code first + j}, and encoded and copied pieces meet
 * without a frame lost or repeated.
 */
public final class CopyPlanner {

  private static final Logger LOG = LoggerFactory.getLogger(CopyPlanner.class);
  /** A cut this close to a frame's time (in frames) counts as on it: VideoReader's timestamp slack. */
  private static final double FRAME_SLACK = 0.03;

  private CopyPlanner() {}

  /** One span of the output: copied from a source, or to be encoded. */
  public sealed interface Piece permits CopyPiece, EncodePiece {
    /** Global output frame of the piece's first frame. */
    long firstFrame();

    /** Global output frame after the piece's last. */
    long endFrame();
  }

  /** Compressed video copied from a source. */
  public record CopyPiece(VideoRun run, long endFrame) implements Piece {
    @Override
    public long firstFrame() {
      return run.startFrame();
    }
  }

  /** Frames of {@code clip} (an index into {@link CopyPlan#clips()}) to encode. */
  public record EncodePiece(int clip, long firstFrame, long endFrame) implements Piece {}

  /**
   * The plan.
   *
   * @param clips every clip placed on the output timeline, in points on source frames
   * @param pieces the output's spans in order, with no gap
   * @param totalFrames frames of the output
   * @param sourceConfig the sources' shared decoder configuration (their SPS/PPS)
   * @param parameterSetId id for the encoded pieces' SPS/PPS, free in {@code sourceConfig}
   */
  public record CopyPlan(List<PlannedClip> clips, List<Piece> pieces, long totalFrames, AvcConfig sourceConfig,
      int parameterSetId) {

    /** Whether any piece is encoded (a smart cut) rather than everything copied. */
    public boolean encodes() {
      return pieces.stream().anyMatch(piece -> piece instanceof EncodePiece);
    }
  }

  /**
   * Whether the job is copied, and how: a plan, or the reason it is not.
   *
   * @param plan the copy plan, or {@code null} when the job is re-encoded
   * @param whyNot the reason the job is not copied, in words; empty when it is
   */
  public record CopyDecision(@Nullable CopyPlan plan, String whyNot) {

    /** The plan, if the job is copied. */
    public Optional<CopyPlan> copied() {
      return Optional.ofNullable(plan);
    }
  }

  /** The plan for {@code clips}, or empty when the job must be re-encoded; see {@link #decide}. */
  public static Optional<CopyPlan> plan(CapturePool pool, List<ResolvedClip> clips, Map<Path, MediaInfo> sources,
      OutputFormat format, int crossfadeFrames, boolean smartCut) {
    return decide(pool, clips, sources, format, crossfadeFrames, smartCut).copied();
  }

  /**
   * Decides whether {@code clips} are copied: the plan, or the reason they are re-encoded.
   *
   * @param smartCut whether cuts between IDR frames may be encoded (else such jobs are not copied)
   */
  public static CopyDecision decide(CapturePool pool, List<ResolvedClip> clips, Map<Path, MediaInfo> sources,
      OutputFormat format, int crossfadeFrames, boolean smartCut) {
    if (crossfadeFrames > 0) {
      return no("crossfades need re-encoding");
    }
    for (MediaInfo info : sources.values()) {
      Optional<String> mismatch = mismatch(info, format);
      if (mismatch.isPresent()) {
        return no(info.path() + ": " + mismatch.get());
      }
    }
    Map<String, StreamIndex> indexes = new HashMap<>();
    StreamIndex reference = null;
    for (ResolvedClip clip : clips) {
      StreamIndex index = indexes.get(clip.source());
      if (index == null) {
        index = StreamIndex.scan(pool, Path.of(clip.source()), clip.clipIndex());
        indexes.put(clip.source(), index);
      }
      if (reference == null) {
        reference = index;
      } else if (!reference.compatible(index)) {
        return no(clip.source() + " has other codec parameters or time base than " + clips.get(0).source());
      }
    }
    Optional<AvcConfig> config = reference == null ? Optional.empty() : AvcConfig.parse(reference.extradata());
    if (config.isEmpty()) {
      return no("the sources' H.264 configuration is not an avcC record");
    }
    int parameterSetId = config.get().freeId().orElse(-1);
    boolean splice = smartCut && parameterSetId >= 0 && config.get().x264Profile().isPresent();

    List<PlannedClip> planned = new ArrayList<>(clips.size());
    List<Piece> pieces = new ArrayList<>();
    long start = 0;
    for (int i = 0; i < clips.size(); i++) {
      ResolvedClip clip = clips.get(i);
      // Every clip's source was scanned in the loop above.
      StreamIndex index = Objects.requireNonNull(indexes.get(clip.source()), clip.source());
      ClipCut cut = ClipCut.of(clip, index, format.fps(), config.get().lengthSize());
      if (!cut.copiesWhole() && !splice) {
        return no("clip " + clip.clipIndex() + " is not cut on IDR frames"
            + (smartCut ? " and smart cut is not possible (needs libx264 and a free parameter set id)" : ""));
      }
      long frames = cut.frames();
      long inMicros = Math.round(cut.firstFrame() * 1e6 / format.fps());
      planned.add(new PlannedClip(clip.clipIndex(), clip.source(), inMicros, start, frames, 0, format.width(),
          format.height(), clip.info().hasAudio(), clip.info().fps(), clip.info().micros()));
      if (cut.copyFrames() == 0) {
        pieces.add(new EncodePiece(i, start, start + frames));
      } else {
        if (cut.head() > 0) {
          pieces.add(new EncodePiece(i, start, start + cut.head()));
        }
        long copyStart = start + cut.head();
        pieces.add(new CopyPiece(new VideoRun(Path.of(clip.source()), cut.fromPts(), cut.toPts(), copyStart,
            clip.clipIndex()), copyStart + cut.copyFrames()));
        if (cut.tail() > 0) {
          pieces.add(new EncodePiece(i, copyStart + cut.copyFrames(), start + frames));
        }
      }
      start += frames;
    }
    return new CopyDecision(new CopyPlan(planned, pieces, start, config.get(), parameterSetId), "");
  }

  /**
   * How {@code source} differs from what copying into {@code format} needs (H.264 yuv420p, the
   * output's size and frame rate, no rotation), in words; empty when it does not.
   */
  public static Optional<String> mismatch(MediaInfo source, OutputFormat format) {
    if ("h264".equals(source.videoCodec()) && "yuv420p".equals(source.pixelFormat())
        && source.width() == format.width() && source.height() == format.height() && source.rotation() == 0
        && Math.abs(source.frameRate() - format.fps()) <= 0.01) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "source is %dx%d %s %s at %.3f fps%s, output is %dx%d H.264"
        + " yuv420p at %.3f fps", source.width(), source.height(), source.videoCodec(), source.pixelFormat(),
        source.frameRate(), source.rotation() == 0 ? "" : ", turned " + source.rotation() + " degrees",
        format.width(), format.height(), format.fps()));
  }

  private static CopyDecision no(String why) {
    LOG.debug("stream copy not possible: {}", why);
    return new CopyDecision(null, why);
  }

  /**
   * How one clip is cut, in source frames: it shows [{@code firstFrame}, {@code firstFrame + frames});
   * {@code copyFrames} of them, from {@code fromPts} (an IDR frame) to {@code toPts} (the next piece's
   * IDR frame, or {@link Long#MAX_VALUE} for the source's end), are copied, after {@code head} encoded
   * ones and before {@code tail} encoded ones.
   */
  private record ClipCut(long firstFrame, long frames, long head, long copyFrames, long tail, long fromPts, long toPts) {

    static ClipCut of(ResolvedClip clip, StreamIndex index, double fps, int lengthSize) {
      long first = (long) Math.floor(clip.inMicros() * fps / 1e6 + FRAME_SLACK);
      long frames = Math.max(1, Math.round((clip.outMicros() - clip.inMicros()) * fps / 1e6));
      long endOfSource = index.frameOf(index.endPts(), fps);
      boolean toEnd = first + frames >= endOfSource;
      if (toEnd) {
        frames = Math.max(1, endOfSource - first);
      }
      long last = first + frames;
      List<Long> idr = index.idrFrames(index.ptsOf(first, fps), index.ptsOf(last, fps), lengthSize);
      long firstIdr = -1;
      long lastIdr = -1;
      for (long pts : idr) {
        long frame = index.frameOf(pts, fps);
        if (frame >= first && frame < last && firstIdr < 0) {
          firstIdr = pts;
        }
        if (frame >= first && frame <= last) {
          lastIdr = pts;
        }
      }
      if (firstIdr < 0) {
        return new ClipCut(first, frames, frames, 0, 0, -1, -1);
      }
      long copyFrom = index.frameOf(firstIdr, fps);
      long copyTo = toEnd ? last : index.frameOf(lastIdr, fps);
      if (copyTo <= copyFrom) {
        return new ClipCut(first, frames, frames, 0, 0, -1, -1);
      }
      return new ClipCut(first, frames, copyFrom - first, copyTo - copyFrom, last - copyTo, firstIdr,
          toEnd ? Long.MAX_VALUE : lastIdr);
    }

    /** Whether the whole clip is copied. */
    boolean copiesWhole() {
      return copyFrames == frames;
    }
  }

  /** A source's video stream: parameters, time base, end; IDR frames are found by reading packets. */
  private record StreamIndex(Path file, int clipIndex, byte[] extradata, int timeBaseNum, int timeBaseDen,
      long startPts, long endPts, CapturePool pool) {

    static StreamIndex scan(CapturePool pool, Path file, int clipIndex) {
      try (GrabberLease lease = pool.leaseSource(file, clipIndex)) {
        AVStream stream = Streams.video(lease.grabber(), file);
        byte[] extradata = Streams.extradata(stream);
        AVRational base = stream.time_base();
        long start = stream.start_time() == avutil.AV_NOPTS_VALUE ? 0 : stream.start_time();
        long end = stream.duration() > 0 ? start + stream.duration()
            : Math.round(lease.grabber().getLengthInTime() * (double) base.den() / (1e6 * base.num()));
        return new StreamIndex(file, clipIndex, extradata, base.num(), base.den(), start, end, pool);
      }
    }

    boolean compatible(StreamIndex other) {
      return Arrays.equals(extradata, other.extradata) && timeBaseNum == other.timeBaseNum
          && timeBaseDen == other.timeBaseDen;
    }

    /** The source frame shown at {@code pts}, counted from the stream's start (see {@link SourceClock}). */
    long frameOf(long pts, double fps) {
      return Math.round((pts - startPts) * (double) timeBaseNum / timeBaseDen * fps);
    }

    /** The presentation time of source frame {@code frame}. */
    long ptsOf(long frame, double fps) {
      return startPts + Math.round(frame / fps * timeBaseDen / timeBaseNum);
    }

    /**
     * Presentation times of the IDR frames in [{@code fromPts}, {@code toPts}], in order: seeks to the
     * keyframe at or before {@code fromPts} and reads packets (no decoding) up to {@code toPts}.
     */
    List<Long> idrFrames(long fromPts, long toPts, int lengthSize) {
      List<Long> found = new ArrayList<>();
      FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
      try (GrabberLease lease = pool.leaseSource(file, clipIndex)) {
        FFmpegFrameGrabber grabber = lease.grabber();
        AVStream stream = Streams.video(grabber, file);
        int sought = avformat.avformat_seek_file(grabber.getFormatContext(), stream.index(), Long.MIN_VALUE,
            fromPts, fromPts, avformat.AVSEEK_FLAG_BACKWARD);
        if (sought < 0) {
          return found;
        }
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
          try {
            if (packet.stream_index() != stream.index()) {
              continue;
            }
            long pts = packet.pts();
            long dts = packet.dts() == avutil.AV_NOPTS_VALUE ? pts : packet.dts();
            if (dts != avutil.AV_NOPTS_VALUE && dts > toPts) {
              break;
            }
            boolean key = (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
            if (key && pts != avutil.AV_NOPTS_VALUE && pts >= fromPts && pts <= toPts && idr(packet, lengthSize)) {
              found.add(pts);
            }
          } finally {
            avcodec.av_packet_unref(packet);
          }
        }
        return found;
      } catch (FrameGrabber.Exception e) {
        throw Failures.source(clipIndex, file, e, mark);
      }
    }

    private static boolean idr(AVPacket packet, int lengthSize) {
      BytePointer data = packet.data();
      return data != null && !data.isNull() && AvcConfig.isIdr(i -> data.get(i) & 0xFF, packet.size(), lengthSize);
    }
  }
}
