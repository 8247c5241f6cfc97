package dev.montage.ffmpeg.internal.capture;

import dev.montage.ffmpeg.internal.media.FfmpegError;
import dev.montage.ffmpeg.internal.media.SandboxRefusal;
import dev.montage.ffmpeg.internal.media.FfmpegLogTail;
import dev.montage.ffmpeg.internal.media.FfmpegLogging;
import dev.montage.core.SourceAccess;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of an {@link FFmpegFrameGrabber}: opened started, closed once, counted in the
 * {@link NativeLedger}. Created only by {@link CapturePool}. Not thread-safe: one lease holder at a
 * time uses it.
 */
final class TrackedGrabber implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrackedGrabber.class);
  /** FFmpeg I/O timeout: a stalled read fails instead of hanging (microseconds). */
  static final long IO_TIMEOUT_MICROS = 30_000_000L;

  private final FFmpegFrameGrabber grabber;
  private final Path path;
  private final long ledgerId;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TrackedGrabber(FFmpegFrameGrabber grabber, Path path, long ledgerId) {
    this.grabber = grabber;
    this.path = path;
    this.ledgerId = ledgerId;
  }

  /**
   * Opens {@code path} for decoding to yuv420p video and s16 audio at {@code sampleRate} with
   * {@code channels}, with {@code decoderThreads} video decoder threads (0: FFmpeg chooses).
   *
   * @throws FrameGrabber.Exception FFmpeg's failure, with nothing left open
   */
  static TrackedGrabber open(Path path, Decoding decoding) throws FrameGrabber.Exception {
    FfmpegLogging.install();
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile());
    grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
    grabber.setSampleRate(decoding.sampleRate());
    grabber.setAudioChannels(decoding.channels());
    grabber.setOption("rw_timeout", Long.toString(IO_TIMEOUT_MICROS));
    SourceSandbox.apply(grabber, decoding.access());
    if (decoding.decoderThreads() > 0) {
      grabber.setVideoOption("threads", Integer.toString(decoding.decoderThreads()));
    }
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    long started = System.nanoTime();
    long id = NativeLedger.INSTANCE.opened("grabber", path.toString());
    try {
      grabber.start();
    } catch (FrameGrabber.Exception e) {
      FrameGrabber.Exception failure = refusedBySandbox(path, decoding.access()).orElseGet(
          () -> FfmpegError.withWords(e, mark));
      releaseAfterFailedStart(grabber, id, failure);
      LOG.debug("opening {} failed: {}", path, failure.getMessage());
      throw failure;
    } catch (RuntimeException e) {
      releaseAfterFailedStart(grabber, id, e);
      throw e;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("opened {} in {} ms: {} {} {}x{} {} fps, audio {}", path, (System.nanoTime() - started) / 1_000_000,
          grabber.getFormat(), grabber.getVideoCodecName(), grabber.getImageWidth(), grabber.getImageHeight(),
          grabber.getFrameRate(), grabber.hasAudio() ? grabber.getAudioCodecName() : "none");
    }
    return new TrackedGrabber(grabber, path, id);
  }

  /** The sandbox's refusal of {@code path} in words, when that is why it did not open. */
  private static Optional<FrameGrabber.Exception> refusedBySandbox(Path path, SourceAccess access) {
    if (access != SourceAccess.LOCAL_FILES) {
      return Optional.empty();
    }
    return SourceSandbox.refusedFormatOf(path).<FrameGrabber.Exception>map(SandboxRefusal::new);
  }

  private static void releaseAfterFailedStart(FFmpegFrameGrabber grabber, long ledgerId, Exception failure) {
    try {
      grabber.release();
    } catch (FrameGrabber.Exception | RuntimeException releaseFailure) {
      failure.addSuppressed(releaseFailure);
    } finally {
      NativeLedger.INSTANCE.closed(ledgerId);
    }
  }

  FFmpegFrameGrabber grabber() {
    if (closed.get()) {
      throw new IllegalStateException("grabber for " + path + " is closed");
    }
    return grabber;
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      grabber.release();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      LOG.warn("closing grabber for {} failed: {}", path, e.toString());
    } finally {
      NativeLedger.INSTANCE.closed(ledgerId);
    }
  }
}
