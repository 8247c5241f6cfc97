package dev.montage.ffmpeg.internal.media;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * A source's time zero. Clip in and out points count from where the source's picture starts,
 * which is not always 0: files cut with a stream copy, MPEG-TS captures and edit lists start their
 * streams later. JavaCV seeks relative to a stream's start but stamps grabbed frames with absolute
 * times, so every reader subtracts this before comparing a frame's time with a clip's.
 */
public final class SourceClock {

  private SourceClock() {}

  /**
   * Microseconds at which {@code grabber}'s source starts: its first video stream's start time (the
   * stream JavaCV decodes), else its first audio stream's (audio-only files), else 0.
   */
  public static long zeroMicros(FFmpegFrameGrabber grabber) {
    AVFormatContext context = grabber.getFormatContext();
    AVStream audio = null;
    for (int i = 0; i < context.nb_streams(); i++) {
      AVStream stream = context.streams(i);
      int type = stream.codecpar().codec_type();
      if (type == avutil.AVMEDIA_TYPE_VIDEO) {
        return startMicros(stream);
      }
      if (type == avutil.AVMEDIA_TYPE_AUDIO && audio == null) {
        audio = stream;
      }
    }
    return audio == null ? 0 : startMicros(audio);
  }

  /** {@code stream}'s start time in microseconds, 0 when unknown. */
  public static long startMicros(AVStream stream) {
    if (stream.start_time() == avutil.AV_NOPTS_VALUE) {
      return 0;
    }
    AVRational base = stream.time_base();
    return Math.round(stream.start_time() * 1e6 * base.num() / base.den());
  }
}
