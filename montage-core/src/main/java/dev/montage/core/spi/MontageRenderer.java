package dev.montage.core.spi;

import dev.montage.core.MontageJob;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;

/**
 * Renders jobs. Implementations register in {@code META-INF/services/dev.montage.core.spi.MontageRenderer}
 * and must be thread-safe: one instance may render several jobs at once.
 */
public interface MontageRenderer {

  /**
   * Renders {@code job} to its output path with this run's {@code options}: reports progress to
   * its listener, stops when its token is cancelled (or the thread interrupted), runs segments on
   * its executor and sizes for its hardware (else this machine's).
   *
   * @throws dev.montage.core.MontageException (a subtype) for every failure; nothing is left at
   *     the output path and no temporary file remains
   */
  RenderResult render(MontageJob job, RunOptions options);

  /**
   * What rendering {@code job} would do, without writing anything (see {@link MontageJob#plan()}).
   *
   * @throws UnsupportedOperationException when this renderer cannot explain its plans (the default)
   * @throws dev.montage.core.MontageException (a subtype) when planning fails, as the render would
   */
  default RenderPlan plan(MontageJob job) {
    throw new UnsupportedOperationException(getClass().getName() + " does not explain its plans");
  }

  /**
   * What rendering {@code job} with {@code options} would do, without writing anything: probing as
   * the run would (in worker processes with {@link dev.montage.core.Isolation#PROCESS}), sized for
   * its hardware. The default ignores the options.
   *
   * @throws UnsupportedOperationException when this renderer cannot explain its plans
   * @throws dev.montage.core.MontageException (a subtype) when planning fails, as the render would
   */
  default RenderPlan plan(MontageJob job, RunOptions options) {
    return plan(job);
  }

  /** The native handles this renderer has open, for leak checks. */
  ResourceLedger ledger();
}
