package dev.montage.benchmarks;

import dev.montage.benchmarks.WholeJob.Clip;
import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.spark.SparkSegmentExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.jspecify.annotations.Nullable;

/**
 * One clip list rendered in one JVM with the local executor and with {@link SparkSegmentExecutor} on
 * a Spark cluster, alternating, {@code rounds} times each; prints one line per render and the
 * medians. The cluster is started once, before the first round, and its start-up is reported
 * apart. {@code benchmarks/spark.sh} builds the class path and runs it on
 * {@code local-cluster[2,1,1024]} (two executor processes on this machine):
 *
 * <pre>{@code
 * benchmarks/spark.sh                       # 200 clips x 0.4 s, 1080p, 3 rounds
 * CLIPS=50 ROUNDS=1 benchmarks/spark.sh     # a smaller run
 * }</pre>
 *
 * <p>Arguments: {@code CLIP_LIST OUT_DIR ROUNDS MASTER WIDTHxHEIGHT}. Both executors render the same
 * job (re-encoded, no stream copy) with the same planning ({@code Hardware} of this machine), so the
 * outputs are compared byte for byte too.
 */
public final class SparkAgainstLocal {

  private SparkAgainstLocal() {}

  /** Runs the comparison; see the class comment. */
  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: SparkAgainstLocal CLIP_LIST OUT_DIR ROUNDS MASTER WIDTHxHEIGHT");
      System.exit(64);
    }
    List<Clip> clips = WholeJob.readClips(Path.of(args[0]));
    Path out = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    int rounds = Integer.parseInt(args[2]);
    String[] size = args[4].split("x", -1);
    Path shared = Files.createDirectories(out.resolve("shared"));

    long start = System.nanoTime();
    SparkConf conf = new SparkConf().setMaster(args[3]).setAppName("montage-spark-benchmark")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executorEnv.MALLOC_ARENA_MAX", "2");
    SparkSegmentExecutor.executorSettings(out.resolve("javacpp")).forEach(conf::set);
    conf.set("spark.executor.extraJavaOptions", conf.get("spark.executor.extraJavaOptions")
        + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    SparkContext spark = new SparkContext(conf);
    try {
      SparkSegmentExecutor cluster = SparkSegmentExecutor.on(spark, shared);
      // Executors register in the background: a trivial job waits for them before the clock runs.
      spark.parallelize(scala.jdk.javaapi.CollectionConverters.asScala(Arrays.<Object>asList(1, 2)).toSeq(), 2,
          scala.reflect.ClassTag$.MODULE$.Any()).count();
      System.out.printf(Locale.ROOT, "cluster %s started in %.1f s%n", args[3], (System.nanoTime() - start) / 1e9);

      List<Double> local = new ArrayList<>();
      List<Double> remote = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        boolean localFirst = round % 2 == 1;
        for (int i = 0; i < 2; i++) {
          boolean isLocal = (i == 0) == localFirst;
          RenderResult result = render(clips, size, out.resolve((isLocal ? "local" : "spark") + ".mp4"),
              isLocal ? null : cluster);
          double seconds = result.wallTime().toNanos() / 1e9;
          (isLocal ? local : remote).add(seconds);
          System.out.printf(Locale.ROOT, "round=%d executor=%s wall_s=%.2f segments=%d frames=%d fps=%.1f%n",
              round, isLocal ? "local" : "spark", seconds, result.segments(), result.frameCount(),
              result.framesPerSecond());
        }
      }
      long mismatch = Files.mismatch(out.resolve("local.mp4"), out.resolve("spark.mp4"));
      double medianLocal = median(local);
      double medianSpark = median(remote);
      System.out.printf(Locale.ROOT, "clips=%d size=%s rounds=%d median_local_s=%.2f median_spark_s=%.2f"
          + " ratio_spark_over_local=%.2f same_bytes=%b%n", clips.size(), args[4], rounds, medianLocal, medianSpark,
          medianSpark / medianLocal, mismatch == -1L);
    } finally {
      spark.stop();
    }
  }

  private static RenderResult render(List<Clip> clips, String[] size, Path output,
      @Nullable SegmentExecutor executor) {
    MontageBuilder builder = MontageBuilder.create().output(output)
        .size(Integer.parseInt(size[0]), Integer.parseInt(size[1])).frameRate(30).streamCopy(false);
    clips.forEach(clip -> builder.clip(clip.source(), clip.in(), clip.out()));
    if (executor != null) {
      builder.segmentExecutor(executor);
    }
    return builder.render();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
