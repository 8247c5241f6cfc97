package dev.montage.ffmpeg.internal.probe;

import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.h264.AvcConfig;
import dev.montage.ffmpeg.internal.hevc.HvcConfig;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.FfmpegLogTail;
import dev.montage.ffmpeg.internal.media.Streams;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Gathers a {@link KeyframeIndex} through the capture pool: each source's stream parameters from its
 * header, each clip's IDR frames by reading packets (no decoding) from the keyframe at or before its
 * cuts, checking each key packet's NAL unit types. Only packets near the cuts are read: a clip's
 * packets are read whole once, by the joiner, not for planning too.
 */
public final class PacketKeyframes {

  private final CapturePool pool;
  private final Runnable clipRead;

  /** Reads through {@code pool}. */
  public PacketKeyframes(CapturePool pool) {
    this(pool, () -> { });
  }

  /** Reads through {@code pool}, telling {@code clipRead} after each clip's stream or IDR frames are read. */
  public PacketKeyframes(CapturePool pool, Runnable clipRead) {
    this.pool = pool;
    this.clipRead = clipRead;
  }

  /**
   * The video streams of {@code clips}' sources and the IDR frames inside each clip's span at
   * {@code fps} (the sources' rate).
   */
  public KeyframeIndex index(List<KeyframeIndex.ClipSpan> clips, double fps) {
    return index(streams(clips), clips, fps);
  }

  /** The video streams of {@code clips}' sources only, from their headers: no packet is read. */
  public KeyframeIndex streams(List<KeyframeIndex.ClipSpan> clips) {
    Map<String, VideoStreamFacts> streams = new HashMap<>();
    for (KeyframeIndex.ClipSpan clip : clips) {
      streams.computeIfAbsent(clip.source(), source -> stream(source, clip.clipIndex()));
      clipRead.run();
    }
    return new KeyframeIndex(streams, Map.of());
  }

  /** {@code streams} (see {@link #streams}) with the IDR frames inside each clip's span at {@code fps}. */
  public KeyframeIndex index(KeyframeIndex streams, List<KeyframeIndex.ClipSpan> clips, double fps) {
    Map<String, VideoStreamFacts> byFile = new HashMap<>();
    Map<Integer, KeyframeIndex.ClipIdrs> idrs = new HashMap<>();
    for (KeyframeIndex.ClipSpan clip : clips) {
      VideoStreamFacts stream = byFile.computeIfAbsent(clip.source(), streams::stream);
      idrs.put(clip.clipIndex(), idrs(stream, stream.span(clip.inMicros(), clip.outMicros(), fps), fps));
      clipRead.run();
    }
    return new KeyframeIndex(byFile, idrs);
  }

  /** The first IDR frame before the span's last frame and, where there is one, the last IDR frame. */
  private KeyframeIndex.ClipIdrs idrs(VideoStreamFacts stream, VideoStreamFacts.FrameSpan span, double fps) {
    int lengthSize = stream.nalLengthSize();
    OptionalLong first = firstIdr(stream, span.fromPts(), span.toPts(), lengthSize);
    if (first.isEmpty() || stream.frameOf(first.getAsLong(), fps) >= span.last()) {
      return KeyframeIndex.ClipIdrs.NONE;
    }
    return new KeyframeIndex.ClipIdrs(first, lastIdr(stream, span.fromPts(), span.toPts(), lengthSize));
  }

  private VideoStreamFacts stream(String source, int clipIndex) {
    Path file = Path.of(source);
    try (GrabberLease lease = pool.leaseSource(file, clipIndex)) {
      AVStream stream = Streams.video(lease.grabber(), file);
      AVRational base = stream.time_base();
      long start = stream.start_time() == avutil.AV_NOPTS_VALUE ? 0 : stream.start_time();
      long end = stream.duration() > 0 ? start + stream.duration()
          : Math.round(lease.grabber().getLengthInTime() * (double) base.den() / (1e6 * base.num()));
      String codec = avcodec.avcodec_get_name(stream.codecpar().codec_id()).getString();
      return new VideoStreamFacts(source, clipIndex, Streams.extradata(stream), base.num(), base.den(), start, end,
          codec);
    }
  }

  /** Reads from the keyframe at or before {@code fromPts}: one packet where the cut is on an IDR frame. */
  private OptionalLong firstIdr(VideoStreamFacts facts, long fromPts, long toPts, int nalLengthSize) {
    return scan(facts, fromPts, fromPts, toPts, nalLengthSize, true);
  }

  /**
   * Reads from the keyframe at or before {@code toPts} (one packet where the cut is on an IDR frame),
   * and from {@code fromPts} on only where that keyframe is no IDR frame in range: a clip's packets
   * are read whole once, by the joiner, not for planning too.
   */
  private OptionalLong lastIdr(VideoStreamFacts facts, long fromPts, long toPts, int nalLengthSize) {
    OptionalLong near = scan(facts, toPts, fromPts, toPts, nalLengthSize, false);
    return near.isPresent() ? near : scan(facts, fromPts, fromPts, toPts, nalLengthSize, false);
  }

  /**
   * IDR frames with presentation time in [{@code fromPts}, {@code toPts}], reading packets (no
   * decoding) from the keyframe at or before {@code seekPts}: the first found, or the last.
   */
  private OptionalLong scan(VideoStreamFacts facts, long seekPts, long fromPts, long toPts, int nalLengthSize,
      boolean first) {
    Path file = Path.of(facts.source());
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    try (GrabberLease lease = pool.leaseSource(file, facts.clipIndex())) {
      FFmpegFrameGrabber grabber = lease.grabber();
      AVStream stream = Streams.video(grabber, file);
      int sought = avformat.avformat_seek_file(grabber.getFormatContext(), stream.index(), Long.MIN_VALUE,
          seekPts, seekPts, avformat.AVSEEK_FLAG_BACKWARD);
      if (sought < 0) {
        return OptionalLong.empty();
      }
      OptionalLong found = OptionalLong.empty();
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
          if (key && pts != avutil.AV_NOPTS_VALUE && pts >= fromPts && pts <= toPts
              && idr(packet, nalLengthSize, facts.hevc())) {
            found = OptionalLong.of(pts);
            if (first) {
              break;
            }
          }
        } finally {
          avcodec.av_packet_unref(packet);
        }
      }
      return found;
    } catch (FrameGrabber.Exception e) {
      throw Failures.source(facts.clipIndex(), file, e, mark);
    }
  }

  private static boolean idr(AVPacket packet, int lengthSize, boolean hevc) {
    BytePointer data = packet.data();
    if (data == null || data.isNull()) {
      return false;
    }
    return hevc ? HvcConfig.isIdr(i -> data.get(i) & 0xFF, packet.size(), lengthSize)
        : AvcConfig.isIdr(i -> data.get(i) & 0xFF, packet.size(), lengthSize);
  }
}
