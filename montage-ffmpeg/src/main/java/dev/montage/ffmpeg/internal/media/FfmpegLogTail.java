package dev.montage.ffmpeg.internal.media;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.jspecify.annotations.Nullable;

/**
 * The last {@value #CAPACITY} lines FFmpeg logged on a thread, for putting FFmpeg's own words into
 * an exception.
 *
 * <p>Design: FFmpeg calls its log callback on the thread that called into it for demuxing (open,
 * read) and for decoders without frame threads; frame-threaded decoders log from FFmpeg's own
 * worker threads (seen as "JavaCPP Thread ID n"), whose lines are not captured. A thread that
 * opens or reads a source first takes a {@link #mark()}; from then on the bridge appends that
 * thread's lines to its ring, and on failure {@link Mark#lines()} returns those logged since the
 * mark. Threads that never took a mark keep no ring. Nothing happens per frame: the bridge runs
 * only when FFmpeg logs at or below {@code av_log}'s level, and the ring's lock is never contended
 * but by a failing reader.
 */
public final class FfmpegLogTail {

  /** Lines kept per thread: enough for the lines that lead up to a failure, bounded. */
  static final int CAPACITY = 16;

  private static final ThreadLocal<FfmpegLogTail> TAILS = new ThreadLocal<>();
  /** FFmpeg's prefix: {@code [component @ 0x55d0c0ffee00] }. */
  private static final Pattern PREFIX = Pattern.compile("^\\[([^\\]@]+?)\\s*@\\s*0x[0-9a-fA-F]+\\]\\s*");

  private final Line[] ring = new Line[CAPACITY];
  /** Lines ever appended; the next line's sequence number. Guarded by {@code this}. */
  private long appended;

  private FfmpegLogTail() {}

  /** Starts capturing on this thread (if not yet) and marks where the caller's operation begins. */
  public static Mark mark() {
    FfmpegLogTail tail = TAILS.get();
    if (tail == null) {
      tail = new FfmpegLogTail();
      TAILS.set(tail);
    }
    return new Mark(tail, tail.appended());
  }

  /** Called by the log bridge: keeps {@code text} if this thread captures. */
  static void record(int level, String text) {
    FfmpegLogTail tail = TAILS.get();
    if (tail != null) {
      tail.append(new Line(level, text));
    }
  }

  private synchronized long appended() {
    return appended;
  }

  private synchronized void append(Line line) {
    ring[(int) (appended % CAPACITY)] = line;
    appended++;
  }

  private synchronized List<Line> since(long sequence) {
    List<Line> lines = new ArrayList<>();
    for (long s = Math.max(sequence, appended - CAPACITY); s < appended; s++) {
      lines.add(ring[(int) (s % CAPACITY)]);
    }
    return lines;
  }

  /** Where an operation began in one thread's lines. */
  public static final class Mark {
    private final FfmpegLogTail tail;
    private final long sequence;

    private Mark(FfmpegLogTail tail, long sequence) {
      this.tail = tail;
      this.sequence = sequence;
    }

    /** The lines logged since the mark on the thread that took it (at most {@value FfmpegLogTail#CAPACITY}). */
    List<Line> lines() {
      return tail.since(sequence);
    }

    /** FFmpeg's decisive words since the mark, see {@link #decisive(List)}. */
    @Nullable String decisive() {
      return FfmpegLogTail.decisive(lines());
    }
  }

  /** One line as FFmpeg logged it, prefix included, without the trailing newline. */
  record Line(int level, String text) {}

  /**
   * The line that says why an operation failed: the last error (or worse), else the last warning,
   * with FFmpeg's context address dropped: {@code moov atom not found (mov,mp4,m4a,3gp,3g2,mj2)}.
   * {@code null} when FFmpeg said nothing at warning level or above.
   */
  static @Nullable String decisive(List<Line> lines) {
    Line error = null;
    Line warning = null;
    for (Line line : lines) {
      if (line.level() <= avutil.AV_LOG_ERROR) {
        error = line;
      } else if (line.level() <= avutil.AV_LOG_WARNING) {
        warning = line;
      }
    }
    Line chosen = error != null ? error : warning;
    return chosen == null ? null : readable(chosen.text());
  }

  /** {@code [mov,mp4 @ 0x1234] moov atom not found} as {@code moov atom not found (mov,mp4)}. */
  static String readable(String text) {
    Matcher prefix = PREFIX.matcher(text);
    if (prefix.find()) {
      return text.substring(prefix.end()).strip() + " (" + prefix.group(1).strip() + ")";
    }
    return text.strip();
  }
}
