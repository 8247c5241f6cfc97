package dev.montage.testkit.internal;

import dev.montage.testkit.SyntheticMediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Files written packet by packet, without an encoder: remuxes (mp4 with the index at the end, the
 * same container with packets dropped or scrambled), and a container holding a stream of a codec
 * this FFmpeg build can demux but not decode.
 */
public final class PacketFiles {

  private static final int FRAMES = 30;
  private static final int FPS = 30;
  private static final int PACKET_BYTES = 64;

  private PacketFiles() {}

  /** Copies {@code from}'s packets into mp4 {@code to} as FFmpeg's mp4 muxer does by default: moov last. */
  public static void remuxIndexLast(Path from, Path to) {
    FfmpegLogLevel.quiet();
    try {
      copyPackets(from, to, "mp4", false, PacketEdit.NONE);
    } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
      deleteQuietly(to, e);
      throw SyntheticMediaException.writeFailed(to, "remux of " + from + " with the index last", e);
    }
  }

  /**
   * Copies the packets of {@code from} into a file of the same container at {@code to}, passing each
   * through {@code edit}; on failure deletes {@code to}.
   *
   * @throws SyntheticMediaException naming {@code to} and {@code what} when FFmpeg fails
   */
  public static void remux(Path from, Path to, String what, PacketEdit edit) {
    FfmpegLogLevel.quiet();
    try {
      copyPackets(from, to, null, false, edit);
    } catch (FrameGrabber.Exception | FrameRecorder.Exception | RuntimeException e) {
      deleteQuietly(to, e);
      throw SyntheticMediaException.writeFailed(to, what + " of " + from, e);
    }
  }

  /**
   * Copies the packets of {@code from} that {@code edit} keeps into {@code to}, muxed as
   * {@code format} (or as {@code to}'s extension says when {@code null}); with
   * {@code clearCodecTags}, the input's codec tags (mp4's, such as mp4a) are dropped so that another
   * muxer picks its own.
   */
  static void copyPackets(Path from, Path to, @Nullable String format, boolean clearCodecTags, PacketEdit edit)
      throws FrameGrabber.Exception, FrameRecorder.Exception {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(from.toFile());
    try {
      grabber.start();
      FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(
          to.toFile(), grabber.getImageWidth(), grabber.getImageHeight(), grabber.getAudioChannels());
      try {
        if (format != null) {
          recorder.setFormat(format);
        }
        // Same packets, same bytes: Matroska otherwise writes random segment and track UIDs.
        recorder.setOption("fflags", "+bitexact");
        AVFormatContext input = grabber.getFormatContext();
        for (int i = 0; clearCodecTags && i < input.nb_streams(); i++) {
          input.streams(i).codecpar().codec_tag(0);
        }
        long start = input.start_time() == avutil.AV_NOPTS_VALUE ? 0 : input.start_time();
        recorder.start(input);
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
          AVStream stream = input.streams(packet.stream_index());
          if (edit.keep(packet, stream, seconds(packet, stream, start))) {
            recorder.recordPacket(packet);
          }
        }
        recorder.stop();
      } finally {
        recorder.release();
      }
    } finally {
      grabber.release();
    }
  }

  /** The packet's time in seconds after {@code start} (in AV_TIME_BASE units), NaN when it has none. */
  private static double seconds(AVPacket packet, AVStream stream, long start) {
    long time = packet.pts() != avutil.AV_NOPTS_VALUE ? packet.pts() : packet.dts();
    if (time == avutil.AV_NOPTS_VALUE) {
      return Double.NaN;
    }
    return time * avutil.av_q2d(stream.time_base()) - start / (double) avutil.AV_TIME_BASE;
  }

  /**
   * Writes {@code container} file {@code file} with one second of 160x120 {@code codec} video whose
   * packets are filler bytes: enough for FFmpeg to open the container and name the codec, nothing a
   * decoder could use.
   */
  public static void writeVideoPackets(Path file, String container, String codec) {
    FfmpegLogLevel.quiet();
    AVCodecDescriptor descriptor = avcodec.avcodec_descriptor_get_by_name(codec);
    if (descriptor == null || descriptor.isNull()) {
      throw SyntheticMediaException.writeFailed(file, codec + " packets", new IllegalArgumentException(
          "FFmpeg knows no codec named " + codec));
    }
    AVFormatContext context = new AVFormatContext(null);
    try {
      check(file, "allocating the " + container + " muxer",
          avformat.avformat_alloc_output_context2(context, null, container, file.toString()));
      AVStream stream = avformat.avformat_new_stream(context, null);
      stream.codecpar().codec_type(avutil.AVMEDIA_TYPE_VIDEO).codec_id(descriptor.id())
          .width(160).height(120).format(avutil.AV_PIX_FMT_YUV420P);
      AVRational frameTime = avutil.av_make_q(1, FPS);
      stream.time_base(frameTime);
      AVIOContext io = new AVIOContext(null);
      check(file, "opening", avformat.avio_open(io, file.toString(), avformat.AVIO_FLAG_WRITE));
      context.pb(io);
      check(file, "writing the header", avformat.avformat_write_header(context, (AVDictionary) null));
      for (int i = 0; i < FRAMES; i++) {
        AVPacket packet = avcodec.av_packet_alloc();
        try {
          check(file, "allocating a packet", avcodec.av_new_packet(packet, PACKET_BYTES));
          packet.pts(i).dts(i).duration(1).stream_index(0).flags(i == 0 ? avcodec.AV_PKT_FLAG_KEY : 0);
          avcodec.av_packet_rescale_ts(packet, frameTime, stream.time_base());
          check(file, "writing a packet", avformat.av_interleaved_write_frame(context, packet));
        } finally {
          avcodec.av_packet_free(packet);
        }
      }
      check(file, "writing the trailer", avformat.av_write_trailer(context));
    } catch (RuntimeException e) {
      deleteQuietly(file, e);
      throw e;
    } finally {
      if (!context.isNull()) {
        AVIOContext io = context.pb();
        if (io != null && !io.isNull()) {
          avformat.avio_closep(io);
        }
        avformat.avformat_free_context(context);
      }
    }
  }

  private static void check(Path file, String what, int result) {
    if (result < 0) {
      throw SyntheticMediaException.writeFailed(file, what, new IOException("FFmpeg error " + result));
    }
  }

  private static void deleteQuietly(Path file, Exception failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
