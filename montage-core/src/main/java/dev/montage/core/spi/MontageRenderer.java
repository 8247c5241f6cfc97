package dev.montage.core.spi;

import dev.montage.core.MontageJob;
import dev.montage.core.RenderResult;

/**
 * Renders jobs. Implementations register in {@code META-INF/services/dev.montage.core.spi.MontageRenderer}
 * and must be thread-safe: one instance may render several jobs at once.
 */
public interface MontageRenderer {

  /**
   * Renders {@code job} to its output path.
   *
   * @throws dev.montage.core.MontageException (a subtype) for every failure; nothing is left at
   *     the output path and no temporary file remains
   */
  RenderResult render(MontageJob job);

  /** The native handles this renderer has open, for leak checks. */
  ResourceLedger ledger();
}
