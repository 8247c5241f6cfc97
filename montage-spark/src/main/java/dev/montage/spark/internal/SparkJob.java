package dev.montage.spark.internal;

import dev.montage.core.MontageException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.core.spi.SegmentResult;
import dev.montage.core.spi.SegmentTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * One call of the Spark executor, on the driver. Design: the tasks become an RDD of one serialised
 * task per partition, submitted as one job in a job group of its own (interrupting on cancel); each
 * task's outcome arrives through the job's result handler as soon as it ends, so progress is
 * reported per segment and the first failed segment cancels the group at once rather than after the
 * whole stage. After a failure, a cancellation or an interrupt the group is cancelled and the call
 * waits (bounded) until Spark reports every task of the job ended, so no executor still writes into
 * the work directory when the renderer removes it. Results come back in task order.
 */
public final class SparkJob {

  private static final Logger LOG = LoggerFactory.getLogger(SparkJob.class);
  /** How long to wait for cancelled tasks to stop on their executors. */
  static final long STOP_WAIT_MILLIS = 60_000;
  /** How often the driver looks at cancellation while no outcome arrives. */
  static final long POLL_MILLIS = 50;

  private final SparkContext context;
  private final List<? extends SegmentTask> tasks;
  private final SegmentEnvironment driver;
  private final String group = "montage-" + UUID.randomUUID();
  private final BlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>();
  private final JobFailure jobFailed;

  private SparkJob(SparkContext context, List<? extends SegmentTask> tasks, SegmentEnvironment driver,
      JobFailure jobFailed) {
    this.context = context;
    this.tasks = tasks;
    this.driver = driver;
    this.jobFailed = jobFailed;
  }

  /**
   * The public exception for a Spark job that failed (job group, cause): given by the executor, so
   * that this package depends on nothing of the public one.
   */
  public interface JobFailure {
    /** The exception to throw when the job of {@code group} failed with {@code cause}. */
    RuntimeException of(String group, Throwable cause);
  }

  /** Runs {@code tasks} as one Spark job; see the class comment. */
  public static List<SegmentResult> run(SparkContext context, List<? extends SegmentTask> tasks,
      SegmentEnvironment driver, JobFailure jobFailed) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    return new SparkJob(context, tasks, driver, jobFailed).run();
  }

  private List<SegmentResult> run() {
    RunningTasks running = new RunningTasks(group);
    context.addSparkListener(running);
    long start = System.nanoTime();
    try {
      SimpleFutureAction<BoxedUnit> job = submit();
      List<SegmentResult> results = collect(job, running);
      LOG.info("{}: {} segments rendered on Spark in {} ms", group, tasks.size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      return results;
    } finally {
      context.removeSparkListener(running);
    }
  }

  private SimpleFutureAction<BoxedUnit> submit() {
    List<byte[]> serialised = new ArrayList<>(tasks.size());
    List<Object> partitions = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      serialised.add(JavaBytes.write(tasks.get(i)));
      partitions.add(i);
    }
    String previousGroup = context.getLocalProperty("spark.jobGroup.id");
    String previousDescription = context.getLocalProperty("spark.job.description");
    String previousInterrupt = context.getLocalProperty("spark.job.interruptOnCancel");
    try {
      RDD<byte[]> rdd = JavaSparkContext.fromSparkContext(context).parallelize(serialised, tasks.size()).rdd();
      context.setJobGroup(group, "Montage: " + tasks.size() + " segments into " + driver.workDir(), true);
      return context.submitJob(rdd, new SegmentFunction(driver.workDir()),
          CollectionConverters.asScala(partitions).toSeq(), new Arrived(arrived), new Unit());
    } catch (RuntimeException e) {
      throw jobFailed.of(group, e);
    } finally {
      // The group belongs to this call only: the caller's thread gets back what it had.
      context.setLocalProperty("spark.jobGroup.id", previousGroup);
      context.setLocalProperty("spark.job.description", previousDescription);
      context.setLocalProperty("spark.job.interruptOnCancel", previousInterrupt);
    }
  }

  private List<SegmentResult> collect(SimpleFutureAction<BoxedUnit> job, RunningTasks running) {
    List<@Nullable SegmentResult> results = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      results.add(null);
    }
    int received = 0;
    @Nullable RuntimeException failure = null;
    try {
      while (received < tasks.size() && failure == null) {
        if (driver.cancelled()) {
          failure = RenderCancelledException.byToken();
          break;
        }
        byte[] bytes = arrived.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (bytes != null) {
          Outcome outcome;
          try {
            outcome = JavaBytes.read(bytes, Outcome.class);
          } catch (RuntimeException e) {
            failure = jobFailed.of(group, e);
            break;
          }
          SegmentResult result = outcome.result();
          if (result == null) {
            failure = Objects.requireNonNull(outcome.failure(), "an outcome holds a result or a failure");
          } else {
            results.set(outcome.index(), result);
            received++;
            driver.framesDone(result.frames());
          }
        } else if (job.isCompleted() && arrived.isEmpty()) {
          failure = jobFailure(job);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = RenderCancelledException.byInterrupt(e);
    }
    if (failure != null) {
      throw stop(failure, running);
    }
    List<SegmentResult> done = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      done.add(Objects.requireNonNull(results.get(i), "segment " + i + " returned no result"));
    }
    return done;
  }

  /** Cancels the group, waits for its tasks to end, adds later real failures as suppressed. */
  private RuntimeException stop(RuntimeException failure, RunningTasks running) {
    LOG.info("{}: cancelling the Spark job group: {}", group, failure.toString());
    context.cancelJobGroup(group, "Montage: " + failure.getClass().getSimpleName());
    if (!running.awaitStopped(STOP_WAIT_MILLIS)) {
      LOG.warn("{}: tasks of the cancelled job still ran after {} ms", group, STOP_WAIT_MILLIS);
    }
    for (byte[] bytes = arrived.poll(); bytes != null; bytes = arrived.poll()) {
      RuntimeException later;
      try {
        later = JavaBytes.read(bytes, Outcome.class).failure();
      } catch (RuntimeException e) {
        later = e;
      }
      if (later != null && !(later instanceof RenderCancelledException) && later != failure) {
        failure.addSuppressed(later);
      }
    }
    return failure;
  }

  /** The job ended without every outcome: Spark gave up (a task failed past its retries). */
  private RuntimeException jobFailure(SimpleFutureAction<BoxedUnit> job) {
    Option<Try<BoxedUnit>> value = job.value();
    Throwable cause = value.isDefined() && value.get().isFailure() ? value.get().failed().get()
        : new IllegalStateException("the job ended with " + tasks.size() + " tasks but fewer outcomes");
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof MontageException montage) {
        return montage;
      }
    }
    return jobFailed.of(group, cause);
  }

  /** The result handler: runs on Spark's scheduler thread, so it only queues. */
  private static final class Arrived extends AbstractFunction2<Object, byte[], BoxedUnit> {
    private final BlockingQueue<byte[]> queue;

    Arrived(BlockingQueue<byte[]> queue) {
      this.queue = queue;
    }

    @Override
    public BoxedUnit apply(Object index, byte[] outcome) {
      queue.add(outcome);
      return BoxedUnit.UNIT;
    }
  }

  private static final class Unit extends AbstractFunction0<BoxedUnit> {
    @Override
    public BoxedUnit apply() {
      return BoxedUnit.UNIT;
    }
  }
}
