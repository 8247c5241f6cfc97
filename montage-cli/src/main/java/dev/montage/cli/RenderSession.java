package dev.montage.cli;

import dev.montage.core.CancellationToken;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageException;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Renders for a command: {@link #run} guards the work against Ctrl-C and reports its failure,
 * {@link #render} shows progress while the job runs and then the result.
 */
final class RenderSession {

  private RenderSession() {}

  /**
   * Runs {@code work} with a token that a shutdown (Ctrl-C) cancels, and reports a failure to
   * {@code err}.
   *
   * <p>The failure is reported here rather than by picocli's exception handler, because after
   * Ctrl-C the JVM halts as soon as the {@link ShutdownCancellation} is closed: the line must be out
   * before. Failures other than {@link MontageException} (bugs) still reach the handler.
   *
   * @return {@code 0}, or the exit code of the failure
   */
  @SuppressWarnings("try") // the cancellation is only closed, never read
  static int run(PrintWriter err, boolean verbose, Consumer<CancellationToken> work) {
    CancellationToken token = CancellationToken.create();
    try (ShutdownCancellation cancellation =
        ShutdownCancellation.install(token, ShutdownCancellation.GRACE, err)) {
      try {
        work.accept(token);
        return ExitCodes.OK;
      } catch (MontageException e) {
        ErrorReport.print(err, e, verbose);
        return ExitCodes.of(e);
      }
    }
  }

  /**
   * Builds the job from {@code builder} and renders it with the builder's run options (isolation
   * among them) plus {@code token} and a progress display, then prints the result.
   *
   * @param interactive whether {@code out} is a terminal (progress redrawn in place)
   * @throws dev.montage.core.MontageException (a subtype) for every failure
   */
  static RenderResult render(
      MontageBuilder builder, CancellationToken token, PrintWriter out, boolean interactive) {
    ProgressPrinter progress = new ProgressPrinter(out, interactive, System::nanoTime);
    builder.onProgress(progress).cancellation(token);
    builder.build(); // every problem of the description, before the progress display starts
    RenderResult result;
    try {
      result = builder.render();
    } finally {
      progress.finish();
    }
    resultLines(result).forEach(out::println);
    out.flush();
    return result;
  }

  /**
   * Prints what rendering the job from {@code builder} would do, writing nothing.
   *
   * @throws dev.montage.core.MontageException (a subtype) when the job is invalid or a source unusable
   */
  static RenderPlan explain(MontageBuilder builder, PrintWriter out) {
    RenderPlan plan = builder.plan();
    plan.describe().forEach(out::println);
    out.flush();
    return plan;
  }

  static List<String> resultLines(RenderResult r) {
    List<String> lines = new java.util.ArrayList<>(List.of(
        "output:     " + r.output(),
        "duration:   " + seconds(r.duration()),
        "frames:     " + r.frameCount(),
        "wall time:  " + seconds(r.wallTime()),
        String.format(Locale.ROOT, "speed:      %.1f fps", r.framesPerSecond()),
        "segments:   " + r.segments(),
        "encoder:    " + r.videoEncoder() + switch (r.mode()) {
          case STREAM_COPY -> " (stream copy)";
          case SMART_CUT -> " (smart cut: GOPs copied, frames at the cuts re-encoded)";
          case REENCODE -> " (re-encoded)";
        },
        "audio:      " + r.audio().describe()));
    r.warnings().forEach(warning -> lines.add("warning:    " + warning));
    return lines;
  }

  /** {@code 8.500 s}, with {@code (1:23.500)} added from a minute on. */
  static String seconds(Duration d) {
    double s = d.toNanos() / 1e9;
    String text = String.format(Locale.ROOT, "%.3f s", s);
    if (d.toSeconds() < 60) {
      return text;
    }
    String clock = d.toHours() > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d.%03d", d.toHours(), d.toMinutesPart(),
            d.toSecondsPart(), d.toMillisPart())
        : String.format(Locale.ROOT, "%d:%02d.%03d", d.toMinutes(), d.toSecondsPart(), d.toMillisPart());
    return text + " (" + clock + ")";
  }
}
