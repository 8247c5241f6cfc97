package dev.montage.ffmpeg.internal.media;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.jspecify.annotations.Nullable;

/** Stream lookup and codec configuration of an open input, written once for every stage. */
public final class Streams {

  private Streams() {}

  /** The first audio stream of {@code grabber}'s input, or {@code null} without audio. */
  public static @Nullable AVStream audio(FFmpegFrameGrabber grabber) {
    return first(grabber.getFormatContext(), avutil.AVMEDIA_TYPE_AUDIO);
  }

  /**
   * The first video stream of {@code grabber}'s input.
   *
   * @throws IllegalStateException when there is none: callers open only files already probed for video
   */
  public static AVStream video(FFmpegFrameGrabber grabber, Path file) {
    AVStream stream = first(grabber.getFormatContext(), avutil.AVMEDIA_TYPE_VIDEO);
    if (stream == null) {
      throw new IllegalStateException("no video stream in " + file + ", which was probed with one");
    }
    return stream;
  }

  /** A copy of the stream's codec extradata (for H.264 in MP4, the avcC record); empty if none. */
  public static byte[] extradata(AVStream stream) {
    AVCodecParameters parameters = stream.codecpar();
    byte[] bytes = new byte[Math.max(0, parameters.extradata_size())];
    if (bytes.length > 0) {
      parameters.extradata().get(bytes);
    }
    return bytes;
  }

  /**
   * Makes the demuxer deliver only stream {@code index} of {@code grabber}'s input: the others'
   * packets are skipped without their bytes being read (a copy of one stream reads a fraction of the
   * file). The capture pool restores every stream ({@link #readAll}) when the grabber returns.
   */
  public static void readOnly(FFmpegFrameGrabber grabber, int index) {
    AVFormatContext context = grabber.getFormatContext();
    for (int i = 0; i < context.nb_streams(); i++) {
      context.streams(i).discard(i == index ? avcodec.AVDISCARD_DEFAULT : avcodec.AVDISCARD_ALL);
    }
  }

  /** Undoes {@link #readOnly}: every stream of {@code context} is delivered again. */
  public static void readAll(@Nullable AVFormatContext context) {
    if (context == null || context.isNull()) {
      return;
    }
    for (int i = 0; i < context.nb_streams(); i++) {
      context.streams(i).discard(avcodec.AVDISCARD_DEFAULT);
    }
  }

  private static @Nullable AVStream first(AVFormatContext context, int mediaType) {
    for (int i = 0; i < context.nb_streams(); i++) {
      AVStream stream = context.streams(i);
      if (stream.codecpar().codec_type() == mediaType) {
        return stream;
      }
    }
    return null;
  }
}
