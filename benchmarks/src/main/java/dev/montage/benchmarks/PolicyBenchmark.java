package dev.montage.benchmarks;

import dev.montage.core.policy.BatchSizing;
import dev.montage.core.policy.FfmpegTimeouts;
import dev.montage.core.policy.ThreadSizing;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The sizing and timeout policies of {@code dev.montage.core.policy}, called once per job (batch
 * size, workers) or per FFmpeg step (timeout): they must cost nothing next to a decode. Inputs are
 * cycled through realistic values held in fields, so that the JIT cannot fold the calls away.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar PolicyBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBenchmark extends BenchmarkBase {

  private final int[][] sizes = {{1280, 720}, {1920, 1080}, {3840, 2160}, {7680, 4320}};
  private final double[] memoryGb = {2, 6, 24};
  private final int[] cpus = {-1, 1, 2, 16};
  private final double[] fileSizeMb = {0.5, 120, 4_000, Double.NaN};
  private int next;

  private int step() {
    next = (next + 1) & 0xFFFF;
    return next;
  }

  /** {@link BatchSizing#forResolution} over 720p to 8K and 2 to 24 GB. */
  @Benchmark
  public int batchSizing() {
    int i = step();
    int[] size = sizes[i % sizes.length];
    return BatchSizing.forResolution(size[0], size[1], memoryGb[i % memoryGb.length]);
  }

  /** {@link ThreadSizing#ioWorkers} over unknown, 1, 2 and 16 CPUs. */
  @Benchmark
  public int threadSizing() {
    return ThreadSizing.ioWorkers(cpus[step() % cpus.length]);
  }

  /** {@link FfmpegTimeouts#forJob} over file sizes from 0.5 MB to 4 GB (and unknown), with and without GPU. */
  @Benchmark
  public Duration ffmpegTimeouts() {
    int i = step();
    int[] size = sizes[i % sizes.length];
    return FfmpegTimeouts.forJob(fileSizeMb[i % fileSizeMb.length], size[0], size[1], (i & 1) == 0);
  }
}
