package dev.montage.ffmpeg.internal.media;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's log to SLF4J (logger {@code dev.montage.ffmpeg.native}) so that nothing reaches
 * the host's stderr, and feeds {@link FfmpegLogTail} so that failures carry FFmpeg's own words.
 *
 * <p>What is global, and why. FFmpeg has one log callback and one log level per process:
 * {@link #install()} sets the callback once per JVM (later calls do nothing), so JavaCV users in
 * the same process also log through SLF4J from then on, and a host that installs its own callback
 * afterwards (JavaCV's {@code FFmpegLogCallback.set()}) takes it back, at the price of FFmpeg's
 * words in Montage's messages. The level is lowered from FFmpeg's default ({@code AV_LOG_INFO}) to
 * {@code AV_LOG_WARNING}, which silences the stream dump JavaCV prints on every open and its notice
 * about rejected options (the latter goes to stderr through JavaCPP's logger); any other level was
 * the host's choice and is kept.
 *
 * <p>JavaCPP's own logger is not touched: Montage never sets {@code org.bytedeco.javacpp.logger}.
 * A host that wants JavaCPP's messages in SLF4J sets {@code -Dorg.bytedeco.javacpp.logger=slf4j}
 * itself (then JavaCPP's debug output, such as one line per {@code PointerScope}, follows the
 * host's SLF4J levels).
 */
public final class FfmpegLogging {

  private static final Logger LOG = LoggerFactory.getLogger("dev.montage.ffmpeg.native");
  /** Written once under the class lock; read without it on every open. */
  private static volatile boolean installed;
  /** Held for the life of the JVM: FFmpeg keeps calling it. */
  private static final Bridge BRIDGE = new Bridge();

  private FfmpegLogging() {}

  /**
   * Installs the bridge and adjusts the level once per JVM; later calls do nothing.
   *
   * @return whether this call installed it
   */
  public static boolean install() {
    if (installed) {
      return false;
    }
    synchronized (FfmpegLogging.class) {
      // Under the lock, so that no caller opens a file before the bridge is in place.
      if (installed) {
        return false;
      }
      BRIDGE.retainReference();
      avutil.setLogCallback(BRIDGE);
      avutil.av_log_set_level(levelFor(avutil.av_log_get_level()));
      installed = true;
    }
    LOG.debug("FFmpeg log routed to SLF4J at av_log level {}", avutil.av_log_get_level());
    return true;
  }

  /** The level to run at, given the current one: FFmpeg's default is lowered, a host's choice kept. */
  static int levelFor(int current) {
    return current == avutil.AV_LOG_INFO ? avutil.AV_LOG_WARNING : current;
  }

  private static final class Bridge extends LogCallback {
    @Override
    public void call(int level, BytePointer message) {
      String text = message.getString().strip();
      if (text.isEmpty()) {
        return;
      }
      FfmpegLogTail.record(level, text);
      if (level <= avutil.AV_LOG_FATAL) {
        LOG.error(text);
      } else if (level <= avutil.AV_LOG_ERROR) {
        LOG.warn(text);
      } else if (level <= avutil.AV_LOG_INFO) {
        LOG.debug(text);
      } else {
        LOG.trace(text);
      }
    }
  }
}
