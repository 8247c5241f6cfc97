package dev.montage.core.spi;

import java.io.Serializable;
import java.util.List;

/**
 * Decides where and how many segments render at once. A segment plan is a plain serialisable value
 * and rendering it touches nothing else, so an executor may run plans on a local pool (the
 * default), or hand them to a cluster, without the renderer changing.
 *
 * <p>Contract: call {@code task} once for every plan; return when all succeeded; on the first
 * failure stop starting new plans, wait for (or cancel) running ones, and rethrow that failure with
 * any others suppressed. Honour interrupts by stopping and restoring the interrupt flag.
 */
public interface SegmentExecutor {

  /**
   * Runs {@code task} on every plan with at most {@code parallelism} running at once.
   *
   * @param <P> the plan type
   * @param <R> the result type
   * @return results in the order of {@code plans}
   */
  <P extends Serializable, R> List<R> executeAll(List<P> plans, int parallelism, SegmentTask<P, R> task);

  /**
   * Renders one segment plan.
   *
   * @param <P> the plan type
   * @param <R> the result type
   */
  @FunctionalInterface
  interface SegmentTask<P, R> {
    /** Renders {@code plan}; throws a {@link dev.montage.core.MontageException} on failure. */
    R run(P plan);
  }
}
