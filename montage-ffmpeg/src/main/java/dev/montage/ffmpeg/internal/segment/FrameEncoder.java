package dev.montage.ffmpeg.internal.segment;

import dev.montage.ffmpeg.internal.capture.NativeLedger;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.FfmpegError;
import dev.montage.ffmpeg.internal.media.FfmpegLogging;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVHWFramesContext;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.jspecify.annotations.Nullable;

/**
 * Montage's own video encoder on FFmpeg's API, for the encoders JavaCV's recorder cannot feed:
 * VAAPI's ({@code h264_vaapi}, {@code hevc_vaapi}, ...) take only pictures in GPU memory. It opens
 * the VAAPI device (the first render node that is not an NVIDIA GPU's) and a pool of GPU surfaces;
 * each canvas is turned into NV12, the surfaces' layout, by swscale into one reused staging frame,
 * uploaded into a surface from the pool and encoded. Packets go into an MP4 as the recorder's
 * segments do, so the joiner treats both alike.
 *
 * <p>Given a software encoder instead ({@link #open} decides by the encoder's name), the canvas is
 * handed to the encoder in place: the same sequence without the device and the upload. That is how
 * this class is tested on machines without a GPU; the upload itself runs only where VAAPI does
 * ({@code benchmarks/gpu-check.sh}).
 *
 * <p>One owner for every native piece (device, surface pool, codec context, frames, packet, scaler,
 * container), counted once in the {@link NativeLedger}; {@link #close()} frees them in reverse order
 * of opening, and an open that fails part way frees what it had made.
 */
final class FrameEncoder implements SegmentEncoder {

  /** GPU surfaces in the pool: the encoder's reference frames and lookahead, plus the one uploading. */
  private static final int SURFACES = 20;
  /** JavaCPP's switch that makes it load the system's copy of a bundled library (libva) where there is one. */
  static final String PATHS_FIRST = "org.bytedeco.javacpp.pathsFirst";
  /**
   * Why a VAAPI device that exists may not open, measured: JavaCV's FFmpeg build bundles libva 2.14,
   * which loads only drivers built for libva 2.14 or older; Debian 12's iHD and radeonsi drivers (and
   * newer distributions') are built for later ones.
   */
  static final String LIBVA_ADVICE = "; JavaCV's FFmpeg bundles libva 2.14, which cannot load drivers built for a newer"
      + " libva (Debian 12's and later distributions' are): start the JVM with -D" + PATHS_FIRST + "=true to use the"
      + " system's libva";

  private final Path file;
  private final int width;
  private final int height;
  private final boolean gpu;
  private final long ledgerId;
  private final AVPacket packet;
  /** Describes the canvas being encoded, in place: no buffer of its own. */
  private final AVFrame canvas;
  private @Nullable AVBufferRef device;
  private @Nullable AVBufferRef surfaces;
  private @Nullable AVFrame staging;
  private @Nullable AVFrame surface;
  private @Nullable SwsContext toNv12;
  private @Nullable AVCodecContext codec;
  private @Nullable AVFormatContext container;
  private @Nullable AVStream stream;
  private long nextPts;
  private boolean closed;

  private FrameEncoder(Path file, int width, int height, boolean gpu) {
    FfmpegLogging.install();
    this.file = file;
    this.width = width;
    this.height = height;
    this.gpu = gpu;
    this.ledgerId = NativeLedger.INSTANCE.opened("encoder", file.toString());
    this.packet = avcodec.av_packet_alloc();
    this.canvas = avutil.av_frame_alloc();
    canvas.format(avutil.AV_PIX_FMT_YUV420P).width(width).height(height);
  }

  /**
   * Opens encoder {@code settings.codec()} for {@code format}'s pictures into the MP4 {@code file}:
   * on a VAAPI device with surfaces when the encoder takes only those, else in system memory.
   */
  static FrameEncoder open(Path file, OutputFormat format, EncoderSettings settings, int clipIndex) {
    FrameEncoder encoder = new FrameEncoder(file, format.width(), format.height(),
        EncoderChoice.takesGpuSurfaces(settings.codec()));
    try {
      encoder.openCodec(settings, format.fps());
      encoder.openContainer();
      return encoder;
    } catch (IOException e) {
      throw encoder.closedAfter(Failures.write(clipIndex, file, "cannot start the " + settings.codec() + " encoder", e));
    } catch (RuntimeException e) {
      throw encoder.closedAfter(e);
    } catch (Error e) {
      throw encoder.closedAfter(e);
    }
  }

  /**
   * Whether encoder {@code name} opens at {@code width} x {@code height} here (for VAAPI: the device,
   * the surfaces and the encoder); the reason when it does not. Writes nothing.
   */
  static Optional<String> tryOpen(String name, int width, int height, double fps) {
    try (FrameEncoder encoder = new FrameEncoder(Path.of(name), width, height, EncoderChoice.takesGpuSurfaces(name))) {
      encoder.openCodec(new EncoderSettings(name, "", EncoderChoice.NO_CRF, 2_000_000, 60, 0, "", ""), fps);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  /** {@code failure}, after freeing what the failed open had made (a failure to free goes onto it). */
  private <T extends Throwable> T closedAfter(T failure) {
    try {
      close();
    } catch (RuntimeException closeFailure) {
      failure.addSuppressed(closeFailure);
    }
    return failure;
  }

  private void openCodec(EncoderSettings settings, double fps) throws IOException {
    if (gpu) {
      openSurfaces();
    }
    AVCodec found = avcodec.avcodec_find_encoder_by_name(settings.codec());
    if (found == null || found.isNull()) {
      throw new IOException(settings.codec() + " is not in this FFmpeg build");
    }
    AVCodecContext context = avcodec.avcodec_alloc_context3(found);
    if (context == null || context.isNull()) {
      throw new IOException("no memory for an encoder context");
    }
    codec = context;
    AVRational rate = avutil.av_d2q(fps, 1_001_000);
    context.width(width).height(height).framerate(rate).time_base(avutil.av_inv_q(rate));
    context.gop_size(settings.gop());
    context.pix_fmt(gpu ? avutil.AV_PIX_FMT_VAAPI : avutil.AV_PIX_FMT_YUV420P);
    // The MP4 muxer wants the parameter sets in the stream's header, not in the first packet; the
    // frames' durations (one frame each) go into their packets, the last one's included.
    context.flags(context.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER | avcodec.AV_CODEC_FLAG_FRAME_DURATION);
    if (settings.crf() == EncoderChoice.NO_CRF) {
      context.bit_rate(settings.bitrate());
    }
    AVBufferRef pool = surfaces;
    if (pool != null) {
      context.hw_frames_ctx(avutil.av_buffer_ref(pool));
    }
    AVDictionary options = new AVDictionary(null);
    try {
      for (Map.Entry<String, String> option : EncoderChoice.options(settings).entrySet()) {
        avutil.av_dict_set(options, option.getKey(), option.getValue(), 0);
      }
      check(avcodec.avcodec_open2(context, found, options), "avcodec_open2");
    } finally {
      avutil.av_dict_free(options);
    }
  }

  /** The VAAPI device, a pool of NV12 surfaces on it, the staging frame and the scaler feeding it. */
  private void openSurfaces() throws IOException {
    AVBufferRef opened = new AVBufferRef(null);
    String node = EncoderChoice.RenderNodes.VAAPI_DEVICE.orElse(null);
    int result = avutil.av_hwdevice_ctx_create(opened, avutil.AV_HWDEVICE_TYPE_VAAPI, node, null, 0);
    if (result < 0 || opened.isNull()) {
      throw new IOException("the VAAPI device" + (node == null ? "" : " " + node) + " did not open: " + words(result)
          + (Boolean.getBoolean(PATHS_FIRST) ? "" : LIBVA_ADVICE));
    }
    device = opened;
    AVBufferRef pool = avutil.av_hwframe_ctx_alloc(opened);
    if (pool == null || pool.isNull()) {
      throw new IOException("no memory for a VAAPI surface pool");
    }
    surfaces = pool;
    AVHWFramesContext frames = new AVHWFramesContext(pool.data());
    frames.format(avutil.AV_PIX_FMT_VAAPI).sw_format(avutil.AV_PIX_FMT_NV12).width(width).height(height)
        .initial_pool_size(SURFACES);
    check(avutil.av_hwframe_ctx_init(pool), "av_hwframe_ctx_init");
    AVFrame nv12 = avutil.av_frame_alloc();
    staging = nv12;
    nv12.format(avutil.AV_PIX_FMT_NV12).width(width).height(height);
    check(avutil.av_frame_get_buffer(nv12, 0), "av_frame_get_buffer");
    surface = avutil.av_frame_alloc();
    SwsContext scaler = swscale.sws_getContext(width, height, avutil.AV_PIX_FMT_YUV420P, width, height,
        avutil.AV_PIX_FMT_NV12, swscale.SWS_POINT, null, null, (DoublePointer) null);
    if (scaler == null || scaler.isNull()) {
      throw new IOException("swscale cannot convert yuv420p to nv12 at " + width + "x" + height);
    }
    toNv12 = scaler;
  }

  /** The MP4 container: one video stream with the encoder's parameters, the file opened, the header written. */
  private void openContainer() throws IOException {
    AVFormatContext output = new AVFormatContext(null);
    check(avformat.avformat_alloc_output_context2(output, null, "mp4", file.toString()), "avformat_alloc_output_context2");
    container = output;
    AVCodecContext context = opened(codec);
    AVStream video = avformat.avformat_new_stream(output, null);
    if (video == null || video.isNull()) {
      throw new IOException("no memory for the video stream");
    }
    stream = video;
    check(avcodec.avcodec_parameters_from_context(video.codecpar(), context), "avcodec_parameters_from_context");
    video.time_base(context.time_base());
    video.avg_frame_rate(context.framerate());
    AVIOContext io = new AVIOContext(null);
    check(avformat.avio_open(io, file.toString(), avformat.AVIO_FLAG_WRITE), "avio_open");
    output.pb(io);
    check(avformat.avformat_write_header(output, (AVDictionary) null), "avformat_write_header");
  }

  @Override
  public void encode(ByteBuffer yuv420p, int clipIndex) {
    if (closed) {
      throw new IllegalStateException("encoder of " + file + " used after close");
    }
    try {
      avutil.av_image_fill_arrays(canvas.data(), canvas.linesize(), new BytePointer(yuv420p),
          avutil.AV_PIX_FMT_YUV420P, width, height, 1);
      AVFrame picture = gpu ? upload() : canvas;
      picture.pts(nextPts++).duration(1);
      try {
        check(avcodec.avcodec_send_frame(opened(codec), picture), "avcodec_send_frame");
      } finally {
        if (gpu) {
          avutil.av_frame_unref(picture);
        }
      }
      writePackets();
    } catch (IOException e) {
      throw Failures.write(clipIndex, file, "encoding a frame failed", e);
    }
  }

  /** The canvas as NV12 in a GPU surface taken from the pool. */
  private AVFrame upload() throws IOException {
    AVFrame nv12 = opened(staging);
    AVFrame target = opened(surface);
    swscale.sws_scale(opened(toNv12), canvas.data(), canvas.linesize(), 0, height, nv12.data(), nv12.linesize());
    check(avutil.av_hwframe_get_buffer(opened(surfaces), target, 0), "av_hwframe_get_buffer");
    int result = avutil.av_hwframe_transfer_data(target, nv12, 0);
    if (result < 0) {
      avutil.av_frame_unref(target);
      check(result, "av_hwframe_transfer_data");
    }
    return target;
  }

  /** Writes every packet the encoder has ready, in the stream's time base. */
  private void writePackets() throws IOException {
    AVCodecContext context = opened(codec);
    AVStream video = opened(stream);
    while (true) {
      int result = avcodec.avcodec_receive_packet(context, packet);
      if (result == avutil.AVERROR_EAGAIN() || result == avutil.AVERROR_EOF) {
        return;
      }
      check(result, "avcodec_receive_packet");
      if (packet.duration() <= 0) {
        packet.duration(1); // one frame in the codec's time base: the last frame keeps its length
      }
      avcodec.av_packet_rescale_ts(packet, context.time_base(), video.time_base());
      packet.stream_index(video.index());
      check(avformat.av_interleaved_write_frame(opened(container), packet), "av_interleaved_write_frame");
    }
  }

  @Override
  public void finish(int clipIndex) {
    try {
      check(avcodec.avcodec_send_frame(opened(codec), null), "avcodec_send_frame");
      writePackets();
      check(avformat.av_write_trailer(opened(container)), "av_write_trailer");
    } catch (IOException e) {
      throw Failures.write(clipIndex, file, "finishing the segment failed", e);
    }
  }

  @Override
  public Path path() {
    return file;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeContainer();
      AVCodecContext context = codec;
      if (context != null) {
        avcodec.avcodec_free_context(context);
      }
      SwsContext scaler = toNv12;
      if (scaler != null) {
        swscale.sws_freeContext(scaler);
      }
      freeFrame(surface);
      freeFrame(staging);
      unref(surfaces);
      unref(device);
      avutil.av_frame_free(canvas);
      avcodec.av_packet_free(packet);
    } finally {
      codec = null;
      toNv12 = null;
      surface = null;
      staging = null;
      surfaces = null;
      device = null;
      NativeLedger.INSTANCE.closed(ledgerId);
    }
  }

  /** Closes the file (a partial one when the trailer was never written) and frees the container. */
  private void closeContainer() {
    AVFormatContext output = container;
    container = null;
    stream = null;
    if (output == null) {
      return;
    }
    AVIOContext io = output.pb();
    if (io != null && !io.isNull()) {
      avformat.avio_closep(io);
      output.pb(null);
    }
    avformat.avformat_free_context(output);
  }

  private static void freeFrame(@Nullable AVFrame frame) {
    if (frame != null) {
      avutil.av_frame_free(frame);
    }
  }

  private static void unref(@Nullable AVBufferRef buffer) {
    if (buffer != null) {
      avutil.av_buffer_unref(buffer);
    }
  }

  /** {@code part}, which the open sequence made before any call that uses it. */
  private static <T> T opened(@Nullable T part) {
    if (part == null) {
      throw new IllegalStateException("encoder used before it was opened, or after close");
    }
    return part;
  }

  private static void check(int result, String call) throws IOException {
    if (result < 0) {
      throw new IOException(call + "() error " + result + " (" + words(result) + ")");
    }
  }

  private static String words(int result) {
    String words = FfmpegError.describe(result);
    return words.isEmpty() ? "error " + result : words;
  }
}
