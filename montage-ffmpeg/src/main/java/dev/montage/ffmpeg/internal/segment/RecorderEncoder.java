package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.MontageException;
import dev.montage.ffmpeg.internal.capture.TrackedRecorder;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.FfmpegLogging;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/** A segment encoded through JavaCV's {@link FFmpegFrameRecorder}, owned by a {@link TrackedRecorder}. */
final class RecorderEncoder implements SegmentEncoder {

  private final TrackedRecorder tracked;
  private final OutputFormat format;

  private RecorderEncoder(TrackedRecorder tracked, OutputFormat format) {
    this.tracked = tracked;
    this.format = format;
  }

  static RecorderEncoder open(Path file, OutputFormat format, EncoderSettings encoder, int clipIndex) {
    FfmpegLogging.install();
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), format.width(), format.height(), 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodecName(encoder.codec());
    recorder.setVideoCodec(EncoderChoice.codecId(encoder.codec()));
    recorder.setPixelFormat(EncoderChoice.pixelFormat(encoder.codec(), encoder.profile()));
    recorder.setFrameRate(format.fps());
    recorder.setGopSize(encoder.gop());
    EncoderChoice.options(encoder).forEach(recorder::setVideoOption);
    if (encoder.crf() == EncoderChoice.NO_CRF) {
      recorder.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, encoder.bitrate()));
    }
    TrackedRecorder tracked = new TrackedRecorder(recorder, file);
    try {
      recorder.start();
      return new RecorderEncoder(tracked, format);
    } catch (FrameRecorder.Exception | RuntimeException e) {
      MontageException failure = Failures.write(clipIndex, file, "cannot start the " + encoder.codec() + " encoder", e);
      tracked.closeAfter(failure);
      throw failure;
    }
  }

  @Override
  public void encode(ByteBuffer yuv420p, int clipIndex) {
    try {
      tracked.recorder().recordImage(format.width(), format.height(), Frame.DEPTH_UBYTE, 1, format.width(),
          avutil.AV_PIX_FMT_YUV420P, yuv420p);
    } catch (FrameRecorder.Exception e) {
      throw Failures.write(clipIndex, tracked.path(), "encoding a frame failed", e);
    }
  }

  @Override
  public void finish(int clipIndex) {
    try {
      tracked.finish();
    } catch (FrameRecorder.Exception e) {
      throw Failures.write(clipIndex, tracked.path(), "finishing the segment failed", e);
    }
  }

  @Override
  public Path path() {
    return tracked.path();
  }

  @Override
  public void close() {
    try {
      tracked.close();
    } catch (FrameRecorder.Exception e) {
      throw Failures.write(-1, tracked.path(), "closing the segment encoder failed", e);
    }
  }
}
