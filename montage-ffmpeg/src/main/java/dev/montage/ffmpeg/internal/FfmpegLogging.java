package dev.montage.ffmpeg.internal;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's log to SLF4J (logger {@code dev.montage.ffmpeg.native}) so that nothing reaches
 * the host's stderr: stream dumps and option notices become debug lines, FFmpeg errors warnings
 * (the renderer reports real failures as exceptions, with FFmpeg's words from {@link FfmpegLogTail}).
 */
public final class FfmpegLogging {

  private static final Logger LOG = LoggerFactory.getLogger("dev.montage.ffmpeg.native");

  private FfmpegLogging() {}

  /** Installs the bridge once per JVM; later calls do nothing. */
  public static void install() {
    Holder.installed();
  }

  private static final class Holder {
    private static final Bridge BRIDGE;

    static {
      // JavaCPP's own logger writes to stderr unless told to use SLF4J; respect a host's choice.
      if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
        System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
      }
      BRIDGE = new Bridge();
      BRIDGE.retainReference();
      avutil.setLogCallback(BRIDGE);
      avutil.av_log_set_level(LOG.isDebugEnabled() ? avutil.AV_LOG_INFO : avutil.AV_LOG_WARNING);
    }

    static void installed() {
      // Class initialisation did the work.
    }
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
