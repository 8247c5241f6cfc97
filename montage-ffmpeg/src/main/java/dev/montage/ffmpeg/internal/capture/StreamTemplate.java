package dev.montage.ffmpeg.internal.capture;

import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * A format context holding one video stream copied from a real input: what JavaCV's recorder
 * needs to copy packets (it reads stream parameters and time bases from an input context until it
 * is released). Owning a copy means no input has to stay open for the recorder's sake and the
 * recorder sees no audio stream, so it encodes audio instead of copying it. Close after the
 * recorder.
 */
public final class StreamTemplate implements AutoCloseable {

  private final AVFormatContext context;
  private final long ledgerId;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StreamTemplate(AVFormatContext context, long ledgerId) {
    this.context = context;
    this.ledgerId = ledgerId;
  }

  /** A context with a copy of {@code video}'s parameters and time base. */
  public static StreamTemplate of(AVStream video, String description) {
    return of(new AVStream[] {video}, description);
  }

  /**
   * A context with copies of {@code streams}, in order (so packet stream indexes still match), their
   * codec tags cleared so that the output container chooses its own.
   */
  public static StreamTemplate of(AVStream[] streams, String description) {
    AVFormatContext context = avformat.avformat_alloc_context();
    if (context == null || context.isNull()) {
      throw new OutOfMemoryError("avformat_alloc_context failed");
    }
    long id = NativeLedger.INSTANCE.opened("stream template", description);
    StreamTemplate template = new StreamTemplate(context, id);
    for (AVStream source : streams) {
      AVStream stream = avformat.avformat_new_stream(context, null);
      if (stream == null || avcodec.avcodec_parameters_copy(stream.codecpar(), source.codecpar()) < 0) {
        template.close();
        throw new OutOfMemoryError("cannot copy stream parameters of " + description);
      }
      stream.codecpar().codec_tag(0);
      stream.time_base(source.time_base());
      stream.r_frame_rate(source.r_frame_rate());
      stream.avg_frame_rate(source.avg_frame_rate());
    }
    return template;
  }

  /**
   * Replaces the stream's codec extradata (for H.264 in MP4, its avcC record) with
   * {@code extradata}, padded as FFmpeg requires.
   */
  public void replaceExtradata(byte[] extradata) {
    AVCodecParameters parameters = stream().codecpar();
    BytePointer copy = new BytePointer(avutil.av_mallocz(extradata.length + avcodec.AV_INPUT_BUFFER_PADDING_SIZE));
    if (copy.isNull()) {
      throw new OutOfMemoryError("av_mallocz failed for " + extradata.length + " bytes of extradata");
    }
    copy.capacity(extradata.length).put(extradata);
    BytePointer old = parameters.extradata();
    if (old != null && !old.isNull()) {
      avutil.av_free(old);
    }
    parameters.extradata(copy);
    parameters.extradata_size(extradata.length);
  }

  public AVFormatContext context() {
    return context;
  }

  public AVStream stream() {
    return context.streams(0);
  }

  /** The streams of {@code context}, in order. */
  public static AVStream[] streamsOf(AVFormatContext context) {
    AVStream[] streams = new AVStream[context.nb_streams()];
    for (int i = 0; i < streams.length; i++) {
      streams[i] = context.streams(i);
    }
    return streams;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      avformat.avformat_free_context(context);
      NativeLedger.INSTANCE.closed(ledgerId);
    }
  }
}
