package dev.montage.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * Spark's {@code local-cluster[2,1,1024]}: a master and a worker in this JVM and two executor
 * processes of one core and 1 GiB each, started by the worker with the test class path. Surefire sets
 * the launcher's environment (see the pom). Start-up takes 15-25 s on a 2-core machine: share one.
 */
final class LocalCluster {

  static final String MASTER = "local-cluster[2,1,1024]";

  private LocalCluster() {}

  /** A context on a fresh local cluster; executors unpack natives into their own caches under {@code root}. */
  static SparkContext start(Path root) {
    String sparkHome = System.getenv("SPARK_HOME");
    if (sparkHome == null) {
      throw new IllegalStateException("SPARK_HOME is not set: run the cluster tests through Maven (see the pom)");
    }
    try {
      Files.createDirectories(Path.of(sparkHome, "jars"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SparkConf conf = new SparkConf().setMaster(MASTER).setAppName("montage-spark-test")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set("spark.executorEnv.MALLOC_ARENA_MAX", "2");
    SparkSegmentExecutor.executorSettings(root.resolve("javacpp")).forEach(conf::set);
    conf.set("spark.executor.extraJavaOptions", conf.get("spark.executor.extraJavaOptions")
        + " -Dorg.bytedeco.javacpp.platform.extension=-gpl -XX:+UseSerialGC");
    return new SparkContext(conf);
  }
}
