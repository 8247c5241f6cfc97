package dev.montage.spark;

import dev.montage.core.SourceMediaException;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import dev.montage.spark.internal.SourceStaging;
import dev.montage.spark.internal.SparkJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Renders a job's segments on Apache Spark executors. Each segment is one Spark task; the tasks of a
 * render form one Spark job in a job group of its own. The host passes its context and a directory
 * that the driver and every executor see at the same path (NFS, EFS, a shared volume):
 *
 * <pre>{@code
 * SparkSegmentExecutor spark = SparkSegmentExecutor.on(sparkContext, Path.of("/mnt/shared/montage"));
 * RenderResult result = MontageBuilder.create()
 *     .clip(Path.of("/mnt/media/a.mp4"))
 *     .output(Path.of("/mnt/out/montage.mp4"))
 *     .segmentExecutor(spark)
 *     .render();
 * }</pre>
 *
 * <p>The renderer creates the job's work directory under the shared directory ({@link #workRoot()});
 * segments write into it from the executors, each attempt under a name of its own, and the driver
 * joins them from there. Sources are read by their paths, so executors must see them at the same paths. How it
 * behaves:
 * <ul>
 *   <li>Results come back in task order. Progress reaches the job's listener as each segment ends.
 *   <li>A segment's own failure (a corrupt source, a full disk) fails the render once, with the
 *       {@link dev.montage.core.MontageException} the segment threw: it travels back as a value, so
 *       Spark never retries it. Spark retries only what the cluster broke (a lost executor), up to
 *       {@code spark.task.maxFailures}; past that the render fails with a {@link SparkRenderException}.
 *   <li>After the first failure, a cancellation of the job or an interrupt of the rendering thread,
 *       the job group is cancelled (interrupting the tasks, which stop between frames) and the call
 *       waits up to a minute for Spark to report every task ended before it throws.
 *   <li>How many segments run at once is the cluster's number of task slots; the renderer's
 *       {@code parallelism} (sized for the driver's machine) is not used.
 * </ul>
 *
 * <p>Speculative execution must be off: a speculative copy encodes a segment twice for nothing.
 * {@link #executorSettings(Path)} lists the settings a host should give its executors. Thread-safe:
 * renders may run at once from several threads of the driver.
 */
public final class SparkSegmentExecutor implements SegmentExecutor {

  /** The Spark setting that turns on speculative execution; it must be {@code false}. */
  public static final String SPECULATION = "spark.speculation";

  private final SparkContext context;
  private final Path sharedDir;

  private SparkSegmentExecutor(SparkContext context, Path sharedDir) {
    this.context = context;
    this.sharedDir = sharedDir;
  }

  /**
   * An executor rendering on {@code context}'s executors through {@code sharedDir}.
   *
   * @param sharedDir a directory seen at this same path by the driver and every executor
   * @throws IllegalArgumentException if {@code sharedDir} is not a directory or {@code spark.speculation}
   *     is on
   */
  public static SparkSegmentExecutor on(SparkContext context, Path sharedDir) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(sharedDir, "sharedDir");
    Path dir = sharedDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("shared directory must be an existing directory but was " + dir);
    }
    if (context.conf().getBoolean(SPECULATION, false)) {
      throw new IllegalArgumentException(SPECULATION + " must be false but was true (application "
          + context.applicationId() + "): a speculative copy of a segment encodes it twice for nothing");
    }
    return new SparkSegmentExecutor(context, dir);
  }

  /**
   * An executor rendering on {@code context}'s executors through {@code sharedDir}; see
   * {@link #on(SparkContext, Path)}.
   *
   * @throws IllegalArgumentException if {@code sharedDir} is not a directory or {@code spark.speculation}
   *     is on
   */
  public static SparkSegmentExecutor on(JavaSparkContext context, Path sharedDir) {
    return on(Objects.requireNonNull(context, "context").sc(), sharedDir);
  }

  /**
   * The cluster's task slots: its default parallelism (the executors' cores) divided by
   * {@code spark.task.cpus}. The renderer plans that many segments at once.
   */
  @Override
  public OptionalInt slots() {
    return OptionalInt.of(Math.max(1, context.defaultParallelism() / taskCpus()));
  }

  /** {@code spark.task.cpus}: the encoder threads each segment gets. */
  @Override
  public OptionalInt cpusPerSlot() {
    return OptionalInt.of(taskCpus());
  }

  private int taskCpus() {
    return Math.max(1, context.conf().getInt("spark.task.cpus", 1));
  }

  /**
   * The Spark settings a host should give an application that renders with Montage, to pass to
   * {@code SparkConf.setAll} or as {@code --conf} to {@code spark-submit}: speculation off, and a
   * JavaCPP cache of its own for every executor under {@code javacppCacheRoot} (executors that
   * unpack FFmpeg's natives into one cache at once race). A host that sets
   * {@code spark.executor.extraJavaOptions} itself appends the value given here.
   *
   * @param javacppCacheRoot a local directory on every executor machine, such as {@code /tmp/javacpp}
   * @return the settings, in a stable order
   */
  public static Map<String, String> executorSettings(Path javacppCacheRoot) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(SPECULATION, "false");
    settings.put("spark.executor.extraJavaOptions",
        "-Dorg.bytedeco.javacpp.cachedir=" + javacppCacheRoot + "/{{APP_ID}}-{{EXECUTOR_ID}}");
    return Collections.unmodifiableMap(settings);
  }

  /**
   * Copies {@code source} into {@code sources/} under the shared directory, for hosts whose sources
   * the executors cannot see: build the job's clips from the returned path. A source staged before
   * (same size and modification time) is not copied again; a copy appears under its name only when
   * complete. Staged sources stay until the host removes them; the render never deletes them.
   *
   * @return the staged copy: {@code <sharedDir>/sources/<hash of the source's path>/<file name>}
   * @throws SourceMediaException if {@code source} is missing or cannot be read
   * @throws dev.montage.core.OutputException if the copy cannot be written to the shared directory
   */
  public Path stage(Path source) {
    return SourceStaging.stage(source, sharedDir.resolve("sources"));
  }

  /** The directory shared by the driver and every executor, absolute. */
  public Path sharedDir() {
    return sharedDir;
  }

  /** The shared directory: the renderer creates each job's work directory under it. */
  @Override
  public Optional<Path> workRoot() {
    return Optional.of(sharedDir);
  }

  /**
   * Runs every task as one Spark task; see the class comment.
   *
   * @throws SparkRenderException if the work directory is not under {@link #sharedDir()} or Spark
   *     gave up on a task
   * @throws dev.montage.core.MontageException the first segment's failure, as the segment threw it
   */
  @Override
  public List<SegmentResult> execute(List<? extends SegmentTask> tasks, int parallelism, SegmentEnvironment driver) {
    Path workDir = driver.workDir().toAbsolutePath().normalize();
    if (!workDir.startsWith(sharedDir)) {
      throw SparkRenderException.notShared(workDir, sharedDir);
    }
    return SparkJob.run(context, tasks, driver, SparkRenderException::jobFailed);
  }

  @Override
  public String toString() {
    return "SparkSegmentExecutor[" + context.applicationId() + ", " + sharedDir + "]";
  }
}
