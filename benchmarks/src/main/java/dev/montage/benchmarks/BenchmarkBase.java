package dev.montage.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every JMH benchmark of Montage shares; subclasses inherit them and override only
 * {@link OutputTimeUnit} when their scale differs. Average time per operation, 3 warm-up and 5
 * measured iterations of 1 s, 2 forks with a fixed 1 GiB heap so that heap sizing does not differ
 * between runs or machines.
 *
 * <p>Run everything with the documented defaults:
 * <pre>{@code
 * mvn -B -q package -pl benchmarks -am -DskipTests
 * java -jar benchmarks/target/benchmarks.jar
 * }</pre>
 * For a quick look, JMH's own flags override these: {@code -wi 2 -i 3 -f 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = BenchmarkBase.WARMUP_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = BenchmarkBase.MEASUREMENT_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = BenchmarkBase.FORKS, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public abstract class BenchmarkBase {

  /** Warm-up iterations: the per-frame loops reach C2 within the first second. */
  public static final int WARMUP_ITERATIONS = 3;
  /** Measured iterations. */
  public static final int MEASUREMENT_ITERATIONS = 5;
  /** Forks: two, so that one unlucky JIT or memory layout shows as spread. */
  public static final int FORKS = 2;

  /** For subclasses. */
  protected BenchmarkBase() {}
}
