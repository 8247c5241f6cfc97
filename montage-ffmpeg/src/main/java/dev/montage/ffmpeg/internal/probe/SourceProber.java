package dev.montage.ffmpeg.internal.probe;

import dev.montage.core.MediaInfo;
import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.FfmpegError;
import dev.montage.ffmpeg.internal.media.FfmpegLogTail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads {@link MediaInfo} through the capture pool from the container's facts (an image's picture is
 * decoded: its format says little).
 */
public final class SourceProber {

  private SourceProber() {}

  /** The frame rate a still image reports: FFmpeg's image demuxers' default; a still repeats at any. */
  static final double STILL_FPS = 25;

  /**
   * Probes {@code file} for clip {@code clipIndex} (-1 when none). A still image has
   * {@link Duration#ZERO} as its duration and its EXIF orientation as its rotation.
   *
   * @throws SourceMediaException when the file is missing, unreadable, corrupt or has no video
   */
  public static MediaInfo probe(CapturePool pool, Path file, int clipIndex) {
    if (!Files.exists(file)) {
      throw SourceMediaException.missing(clipIndex, file);
    }
    if (!Files.isRegularFile(file)) {
      throw SourceMediaException.notAFile(clipIndex, file);
    }
    if (!Files.isReadable(file)) {
      throw SourceMediaException.unreadable(clipIndex, file, new IOException("permission denied"));
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw SourceMediaException.unreadable(clipIndex, file, e);
    }
    if (size == 0) {
      throw SourceMediaException.corrupt(clipIndex, file, new IOException("file is empty"));
    }
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    try (GrabberLease lease = pool.leaseSource(file, clipIndex)) {
      try {
        MediaInfo info = read(lease.grabber(), file, size, clipIndex, mark);
        if (info.duration().isZero()) {
          lease.discard(); // an image's one picture was decoded: the grabber has nothing left to give
        }
        return info;
      } catch (FrameGrabber.Exception e) {
        lease.discard();
        throw Failures.source(clipIndex, file, e, mark);
      } catch (RuntimeException e) {
        lease.discard();
        throw e;
      }
    }
  }

  private static MediaInfo read(FFmpegFrameGrabber g, Path file, long size, int clipIndex,
      FfmpegLogTail.Mark mark) throws FrameGrabber.Exception {
    if (!g.hasVideo()) {
      throw SourceMediaException.noVideo(clipIndex, file);
    }
    AVFormatContext context = g.getFormatContext();
    AVCodecParameters video = null;
    AVCodecParameters audio = null;
    for (int i = 0; i < context.nb_streams(); i++) {
      AVStream stream = context.streams(i);
      int type = stream.codecpar().codec_type();
      if (type == avutil.AVMEDIA_TYPE_VIDEO && video == null
          && (stream.disposition() & org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
        video = stream.codecpar();
      } else if (type == avutil.AVMEDIA_TYPE_AUDIO && audio == null) {
        audio = stream.codecpar();
      }
    }
    if (video == null) {
      throw SourceMediaException.noVideo(clipIndex, file);
    }
    int width = video.width();
    int height = video.height();
    boolean image = isImage(context);
    double fps = image ? STILL_FPS : g.getFrameRate();
    long lengthMicros = image ? 0 : g.getLengthInTime();
    if (lengthMicros <= 0 && fps > 0 && !image) {
      lengthMicros = Math.round(g.getLengthInVideoFrames() * 1e6 / fps);
    }
    if (width <= 0 || height <= 0 || !(fps > 0) || (lengthMicros <= 0 && !image)) {
      throw SourceMediaException.corrupt(clipIndex, file, FfmpegError.of(new IOException(
          "no usable video geometry (" + width + "x" + height + " @ " + fps + " fps, "
              + lengthMicros + " us)"), mark));
    }
    int rotation = image ? ExifOrientation.rotation(file) : normalRotation(g.getDisplayRotation());
    String pixelFormat = name(avutil.av_get_pix_fmt_name(video.format()));
    String videoCodec = g.getVideoCodecName() == null ? "unknown" : g.getVideoCodecName();
    String audioCodec = audio == null ? null : g.getAudioCodecName();
    int channels = audio == null ? 0 : audio.ch_layout().nb_channels();
    int rate = audio == null ? 0 : audio.sample_rate();
    // A video's facts are the container's; decoding its first picture here cost a 200-clip copy job
    // a tenth of its time (each decoder starting its threads) and a copy decodes nothing. Readers
    // fail typed on a source that does not decode. An image is decoded: its format says little.
    Frame first = image ? g.grabImage() : null;
    if (image && first == null) {
      throw SourceMediaException.corrupt(clipIndex, file,
          FfmpegError.of(new IOException("no video frame could be decoded"), mark));
    }
    return new MediaInfo(file, size, width, height, fps, Duration.ofNanos(lengthMicros * 1000),
        rotation, videoCodec, pixelFormat, audioCodec, channels, rate);
  }

  /**
   * Whether the file is one still image: read by one of FFmpeg's single-image demuxers
   * ({@code png_pipe}, {@code jpeg_pipe}, {@code webp_pipe}...), which give it no length.
   */
  private static boolean isImage(AVFormatContext context) {
    AVInputFormat format = context.iformat();
    return format != null && name(format.name()).endsWith("_pipe");
  }

  /** Clockwise display rotation in 0/90/180/270 from FFmpeg's counter-clockwise matrix angle. */
  static int normalRotation(double displayRotation) {
    if (Double.isNaN(displayRotation)) {
      return 0;
    }
    long clockwise = Math.round(-displayRotation / 90.0) * 90;
    return (int) (((clockwise % 360) + 360) % 360);
  }

  private static String name(BytePointer pointer) {
    return pointer == null || pointer.isNull() ? "unknown" : pointer.getString();
  }
}
