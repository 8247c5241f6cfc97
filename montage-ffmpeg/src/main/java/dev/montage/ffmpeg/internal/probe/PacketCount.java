package dev.montage.ffmpeg.internal.probe;

import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.FfmpegLogTail;
import dev.montage.ffmpeg.internal.media.SourceClock;
import dev.montage.ffmpeg.internal.media.Streams;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * How many video packets a source holds strictly between two times, read without decoding. Tells
 * the two reasons a decoder can deliver no picture for a while apart: the file has packets there
 * that failed to decode (damage), or it has none (one long frame, as variable-frame-rate screen
 * recordings legitimately have).
 */
public final class PacketCount {

  private PacketCount() {}

  /**
   * Video packets of {@code file} whose time (source time, microseconds from the source's start,
   * as the video reader counts it) lies strictly between {@code fromMicros} and {@code toMicros}.
   */
  public static int videoPacketsBetween(CapturePool pool, Path file, int clipIndex, long fromMicros, long toMicros) {
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    try (GrabberLease lease = pool.leaseSource(file, clipIndex)) {
      FFmpegFrameGrabber grabber = lease.grabber();
      AVStream stream = Streams.video(grabber, file);
      AVRational base = stream.time_base();
      long zero = SourceClock.zeroMicros(grabber);
      AVRational micros = avutil.av_make_q(1, 1_000_000);
      long fromPts = avutil.av_rescale_q(fromMicros + zero, micros, base);
      int sought = avformat.avformat_seek_file(grabber.getFormatContext(), stream.index(), Long.MIN_VALUE,
          fromPts, fromPts, avformat.AVSEEK_FLAG_BACKWARD);
      if (sought < 0) {
        return 0;
      }
      int count = 0;
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        try {
          if (packet.stream_index() != stream.index()) {
            continue;
          }
          long pts = packet.pts() != avutil.AV_NOPTS_VALUE ? packet.pts() : packet.dts();
          if (pts == avutil.AV_NOPTS_VALUE) {
            continue;
          }
          long at = avutil.av_rescale_q(pts, base, micros) - zero;
          long dts = packet.dts() == avutil.AV_NOPTS_VALUE ? pts : packet.dts();
          if (avutil.av_rescale_q(dts, base, micros) - zero >= toMicros) {
            break; // decode order passed the gap: no later packet shows inside it
          }
          if (at > fromMicros && at < toMicros) {
            count++;
          }
        } finally {
          avcodec.av_packet_unref(packet);
        }
      }
      return count;
    } catch (FrameGrabber.Exception e) {
      throw Failures.source(clipIndex, file, e, mark);
    }
  }
}
