package dev.montage.ffmpeg.internal;

import dev.montage.ffmpeg.MediaInfo;
import dev.montage.ffmpeg.internal.SegmentJoiner.VideoRun;
import dev.montage.ffmpeg.internal.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.TimelinePlanner.ResolvedClip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a job can copy its video without re-encoding, and plans the copy. It can when
 * there is no crossfade, every source is H.264 yuv420p at exactly the output's size and frame rate,
 * unrotated, all with the same codec parameters (SPS/PPS) and time base, and every cut falls on a
 * keyframe (an out point may also be the end of its source). Cuts off keyframes would let frames
 * from before the in point leak in, so such a job is re-encoded instead.
 */
final class CopyPlanner {

  private static final Logger LOG = LoggerFactory.getLogger(CopyPlanner.class);

  private CopyPlanner() {}

  /**
   * The copy plan.
   *
   * @param runs video spans in timeline order
   * @param frames frames of each clip
   * @param totalFrames frames of the output
   */
  record CopyPlan(List<VideoRun> runs, long[] frames, long totalFrames) {}

  /** The copy plan for {@code clips}, or empty when the job must be re-encoded. */
  static Optional<CopyPlan> plan(CapturePool pool, List<ResolvedClip> clips, Map<Path, MediaInfo> sources,
      OutputFormat format, int crossfadeFrames) {
    if (crossfadeFrames > 0) {
      return no("crossfades need re-encoding");
    }
    for (MediaInfo info : sources.values()) {
      if (!"h264".equals(info.videoCodec()) || !"yuv420p".equals(info.pixelFormat())
          || info.width() != format.width() || info.height() != format.height() || info.rotation() != 0
          || Math.abs(info.frameRate() - format.fps()) > 0.01) {
        return no(info.path() + " does not match the output (" + info.videoCodec() + " " + info.pixelFormat() + " "
            + info.width() + "x" + info.height() + " @" + info.frameRate() + ", rotation " + info.rotation() + ")");
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
    List<VideoRun> runs = new ArrayList<>(clips.size());
    long[] frames = new long[clips.size()];
    long start = 0;
    for (int i = 0; i < clips.size(); i++) {
      ResolvedClip clip = clips.get(i);
      StreamIndex index = indexes.get(clip.source());
      long halfFrame = index.toPts(Math.round(500_000 / format.fps()));
      long from = index.keyframeNear(index.toPts(clip.inMicros()), halfFrame);
      if (from < 0) {
        return no("clip " + clip.clipIndex() + " does not start on a keyframe");
      }
      long outPts = index.toPts(clip.outMicros());
      long to;
      long end;
      if (outPts >= index.endPts() - halfFrame) {
        to = Long.MAX_VALUE;
        end = index.endPts();
      } else {
        to = index.keyframeNear(outPts, halfFrame);
        end = to;
        if (to < 0) {
          return no("clip " + clip.clipIndex() + " does not end on a keyframe");
        }
      }
      frames[i] = Math.round(index.toMicros(end - from) * format.fps() / 1e6);
      runs.add(new VideoRun(Path.of(clip.source()), from, to, start, clip.clipIndex()));
      start += frames[i];
    }
    return Optional.of(new CopyPlan(runs, frames, start));
  }

  private static Optional<CopyPlan> no(String why) {
    LOG.debug("stream copy not possible: {}", why);
    return Optional.empty();
  }

  /** A source's video stream: parameters, time base, end; keyframes are looked up by seeking. */
  private record StreamIndex(Path file, int clipIndex, byte[] extradata, int timeBaseNum, int timeBaseDen,
      long endPts, CapturePool pool) {

    static StreamIndex scan(CapturePool pool, Path file, int clipIndex) {
      try (GrabberLease lease = pool.leaseSource(file, clipIndex)) {
        AVStream stream = video(lease.grabber(), file);
        AVCodecParameters parameters = stream.codecpar();
        byte[] extradata = new byte[Math.max(0, parameters.extradata_size())];
        if (extradata.length > 0) {
          parameters.extradata().get(extradata);
        }
        AVRational base = stream.time_base();
        long start = stream.start_time() == avutil.AV_NOPTS_VALUE ? 0 : stream.start_time();
        long end = stream.duration() > 0 ? start + stream.duration()
            : Math.round(lease.grabber().getLengthInTime() * (double) base.den() / (1e6 * base.num()));
        return new StreamIndex(file, clipIndex, extradata, base.num(), base.den(), end, pool);
      }
    }

    private static AVStream video(FFmpegFrameGrabber grabber, Path file) {
      for (int i = 0; i < grabber.getFormatContext().nb_streams(); i++) {
        AVStream candidate = grabber.getFormatContext().streams(i);
        if (candidate.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
          return candidate;
        }
      }
      throw new IllegalStateException("probed source without video: " + file);
    }

    boolean compatible(StreamIndex other) {
      return Arrays.equals(extradata, other.extradata) && timeBaseNum == other.timeBaseNum
          && timeBaseDen == other.timeBaseDen;
    }

    long toPts(long micros) {
      return Math.round(micros * (double) timeBaseDen / (1e6 * timeBaseNum));
    }

    long toMicros(long pts) {
      return Math.round(pts * 1e6 * timeBaseNum / timeBaseDen);
    }

    /**
     * The keyframe within {@code tolerance} of {@code pts}, or -1: seeks back to the keyframe at or
     * before it and reads that packet (no decoding, no scan of the file).
     */
    long keyframeNear(long pts, long tolerance) {
      try (GrabberLease lease = pool.leaseSource(file, clipIndex)) {
        FFmpegFrameGrabber grabber = lease.grabber();
        AVStream stream = video(grabber, file);
        int sought = org.bytedeco.ffmpeg.global.avformat.avformat_seek_file(grabber.getFormatContext(),
            stream.index(), Long.MIN_VALUE, pts + tolerance, pts + tolerance,
            org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD);
        if (sought < 0) {
          return -1;
        }
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
          boolean ours = packet.stream_index() == stream.index();
          boolean key = (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
          long found = packet.pts();
          avcodec.av_packet_unref(packet);
          if (ours) {
            return key && found != avutil.AV_NOPTS_VALUE && Math.abs(found - pts) <= tolerance ? found : -1;
          }
        }
        return -1;
      } catch (FrameGrabber.Exception e) {
        throw Failures.source(clipIndex, file, e);
      }
    }
  }
}
