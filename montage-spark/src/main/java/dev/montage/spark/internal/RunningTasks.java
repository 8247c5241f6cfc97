package dev.montage.spark.internal;

import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Counts the running tasks of one job group's job, from Spark's listener events, so that a cancelled
 * call can wait until no segment still writes into the work directory before the renderer deletes
 * it. Spark fails a cancelled job at once; its tasks end later, when the executors have stopped them.
 * Events arrive in the order they were posted, so once the job's end has been seen every task start
 * has been too.
 */
final class RunningTasks extends SparkListener {

  private final String group;
  private final Set<Integer> stages = new HashSet<>();
  private int jobId = -1;
  private int running;
  private boolean ended;

  RunningTasks(String group) {
    this.group = group;
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart jobStart) {
    Properties properties = jobStart.properties();
    if (properties != null && group.equals(properties.getProperty("spark.jobGroup.id"))) {
      jobId = jobStart.jobId();
      scala.collection.Iterator<Object> ids = jobStart.stageIds().iterator();
      while (ids.hasNext()) {
        stages.add((Integer) ids.next());
      }
    }
  }

  @Override
  public synchronized void onTaskStart(SparkListenerTaskStart taskStart) {
    if (stages.contains(taskStart.stageId())) {
      running++;
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (stages.contains(taskEnd.stageId())) {
      running--;
      notifyAll();
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd jobEnd) {
    if (jobEnd.jobId() == jobId) {
      ended = true;
      notifyAll();
    }
  }

  /**
   * Waits up to {@code millis} until the job has ended and none of its tasks runs; an interrupt does
   * not cut the wait short (segments hold files) but stays set.
   *
   * @return whether everything stopped in time
   */
  synchronized boolean awaitStopped(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    boolean interrupted = false;
    try {
      while (!(ended && running <= 0)) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return false;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      return true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
