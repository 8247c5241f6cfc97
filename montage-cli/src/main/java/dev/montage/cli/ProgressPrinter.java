package dev.montage.cli;

import dev.montage.core.Progress;
import dev.montage.core.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows render progress: on an interactive terminal one line redrawn in place with {@code \r}
 * (bar, percent, frames, segment, time left); otherwise a plain line each time another tenth of
 * the frames is done, such as {@code render: 40% (120/300 frames, segment 1/2, eta 3s)}.
 * Thread-safe: render threads report concurrently.
 */
final class ProgressPrinter implements ProgressListener {

  private static final int BAR_WIDTH = 24;
  /** Least time between two redraws of the bar: ten a second look smooth, more only flicker. */
  static final long REDRAW_NANOS = 100_000_000;

  private final PrintWriter out;
  private final boolean interactive;
  private final LongSupplier nanoClock;
  private int lastTenth = -1;
  private String lastLine = "";
  private long lastDraw;

  /**
   * Prints to {@code out}; {@code interactive} when it is a terminal that understands {@code \r};
   * {@code nanoClock} (such as {@code System::nanoTime}) paces the redraws.
   */
  ProgressPrinter(PrintWriter out, boolean interactive, LongSupplier nanoClock) {
    this.out = out;
    this.interactive = interactive;
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized void onProgress(Progress progress) {
    if (interactive) {
      long now = nanoClock.getAsLong();
      boolean due = lastLine.isEmpty() || now - lastDraw >= REDRAW_NANOS || progress.fraction() >= 1;
      String line = barLine(progress);
      if (due && !line.equals(lastLine)) {
        // Pad to the previous length so that a shorter line leaves no stale characters.
        out.print('\r' + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
        out.flush();
        lastLine = line;
        lastDraw = now;
      }
    } else {
      int tenth = (int) Math.floor(progress.fraction() * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        out.println(plainLine(progress));
        out.flush();
      }
    }
  }

  /** Ends the redrawn line, so that what follows starts on a line of its own. Idempotent. */
  synchronized void finish() {
    if (!lastLine.isEmpty()) {
      out.println();
      out.flush();
      lastLine = "";
    }
  }

  static String plainLine(Progress p) {
    return String.format(Locale.ROOT, "render: %d%% (%d/%d frames, segment %d/%d%s)",
        percent(p), p.framesDone(), p.framesTotal(), p.segment(), p.segmentCount(), eta(p, ", "));
  }

  static String barLine(Progress p) {
    int filled = (int) Math.round(p.fraction() * BAR_WIDTH);
    return String.format(Locale.ROOT, "[%s%s] %3d%%  %d/%d frames  segment %d/%d%s",
        "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), percent(p), p.framesDone(),
        p.framesTotal(), p.segment(), p.segmentCount(), eta(p, "  "));
  }

  private static int percent(Progress p) {
    return (int) Math.floor(p.fraction() * 100);
  }

  private static String eta(Progress p, String separator) {
    return p.timeLeft().map(left -> separator + "eta " + shortDuration(left)).orElse("");
  }

  /** {@code 3s}, {@code 2m05s} or {@code 1h02m}: rounded up, since an estimate of 0s is unhelpful. */
  static String shortDuration(Duration d) {
    long s = d.isNegative() ? 0 : d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }
}
