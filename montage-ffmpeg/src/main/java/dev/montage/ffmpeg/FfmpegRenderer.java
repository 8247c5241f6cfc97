package dev.montage.ffmpeg;

import dev.montage.core.MontageJob;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import dev.montage.core.spi.MontageRenderer;
import dev.montage.core.spi.ResourceLedger;
import dev.montage.ffmpeg.internal.capture.NativeLedger;
import dev.montage.ffmpeg.internal.run.RenderRun;

/**
 * Renders montages with JavaCV's FFmpeg, in process, no system ffmpeg needed. Registered through
 * {@link java.util.ServiceLoader}, so {@code MontageBuilder...render()} finds it; thread-safe and
 * stateless (one instance may render many jobs at once).
 *
 * <p>Encoder: libx264 where the FFmpeg build has it (the GPL build: a host opts in by depending on
 * {@code montage-ffmpeg-gpl} instead of {@code montage-ffmpeg}), else libopenh264 (the default LGPL build).
 * The chosen encoder is reported in {@link RenderResult#videoEncoder()}, and any setting it cannot
 * honour (such as a CRF or preset given to libopenh264) in {@link RenderResult#warnings()}.
 */
public final class FfmpegRenderer implements MontageRenderer {

  /** Created by {@link java.util.ServiceLoader}; may also be created directly. */
  public FfmpegRenderer() {}

  @Override
  public RenderResult render(MontageJob job, RunOptions options) {
    return RenderRun.render(job, options);
  }

  @Override
  public RenderPlan plan(MontageJob job) {
    return RenderRun.plan(job, RunOptions.defaults());
  }

  @Override
  public RenderPlan plan(MontageJob job, RunOptions options) {
    return RenderRun.plan(job, options);
  }

  @Override
  public ResourceLedger ledger() {
    return NativeLedger.INSTANCE;
  }
}
