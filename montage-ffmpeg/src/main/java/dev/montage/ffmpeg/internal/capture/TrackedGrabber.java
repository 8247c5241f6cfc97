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
  private final boolean packetsOnly;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TrackedGrabber(FFmpegFrameGrabber grabber, Path path, long ledgerId, boolean packetsOnly) {
    this.grabber = grabber;
    this.path = path;
    this.ledgerId = ledgerId;
    this.packetsOnly = packetsOnly;
  }

  /**
   * Opens {@code path} for decoding to yuv420p video and s16 audio at {@code sampleRate} with
   * {@code channels}, with {@code decoderThreads} video decoder threads (0: FFmpeg chooses).
   *
   * @param packetsOnly whether the grabber only reads packets (a stream copy of a source already
   *     probed): in an MP4 or MOV file, which stores every packet's decode time, it skips FFmpeg's
   *     stream analysis (that decodes the first pictures; other containers need it to derive decode
   *     times) and starts one decoder thread; such a grabber never decodes
   * @throws FrameGrabber.Exception FFmpeg's failure, with nothing left open
   */
  static TrackedGrabber open(Path path, Decoding decoding, boolean packetsOnly) throws FrameGrabber.Exception {
    return open(path, decoding, packetsOnly && isIsoMedia(path), packetsOnly);
  }

  private static TrackedGrabber open(Path path, Decoding decoding, boolean skipAnalysis, boolean packetsOnly)
      throws FrameGrabber.Exception {
    FfmpegLogging.install();
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile());
    grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
    grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
    grabber.setSampleRate(decoding.sampleRate());
    grabber.setAudioChannels(decoding.channels());
    grabber.setOption("rw_timeout", Long.toString(IO_TIMEOUT_MICROS));
    SourceSandbox.apply(grabber, decoding.access());
    if (skipAnalysis || decoding.decoderThreads() > 0) {
      grabber.setVideoOption("threads", Integer.toString(skipAnalysis ? 1 : decoding.decoderThreads()));
    }
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    long started = System.nanoTime();
    long id = NativeLedger.INSTANCE.opened("grabber", path.toString());
    try {
      grabber.start(!skipAnalysis);
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
    return new TrackedGrabber(grabber, path, id, packetsOnly);
  }

  /** Whether {@code path} starts with an ISO base media {@code ftyp} box (MP4, MOV, 3GP, M4V). */
  static boolean isIsoMedia(Path path) {
    byte[] head = new byte[8];
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(path)) {
      return in.readNBytes(head, 0, 8) == 8 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p';
    } catch (java.io.IOException e) {
      return false; // then FFmpeg's full open reports what is wrong
    }
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

  /** Whether this grabber was opened for packets only (see {@link #open}). */
  boolean packetsOnly() {
    return packetsOnly;
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
