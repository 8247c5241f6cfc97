package dev.montage.ffmpeg;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Copies a media file with every stream starting later (as files cut with a stream copy, MPEG-TS
 * captures and edit lists do): packets copied, timestamps shifted, no re-encoding.
 */
final class StartOffset {

  private StartOffset() {}

  static Path copy(Path source, Path target, long offsetMicros) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
      grabber.start();
      FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), grabber.getImageWidth(),
          grabber.getImageHeight(), grabber.getAudioChannels());
      recorder.setFormat("mp4");
      try {
        recorder.start(grabber.getFormatContext());
        AVPacket packet;
        while ((packet = grabber.grabPacket()) != null) {
          AVStream stream = grabber.getFormatContext().streams(packet.stream_index());
          long shift = avutil.av_rescale_q(offsetMicros, avutil.av_make_q(1, 1_000_000), stream.time_base());
          if (packet.pts() != avutil.AV_NOPTS_VALUE) {
            packet.pts(packet.pts() + shift);
          }
          if (packet.dts() != avutil.AV_NOPTS_VALUE) {
            packet.dts(packet.dts() + shift);
          }
          recorder.recordPacket(packet);
        }
        recorder.stop();
      } finally {
        recorder.release();
      }
    }
    return target;
  }
}
