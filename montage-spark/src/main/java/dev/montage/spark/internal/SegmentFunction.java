package dev.montage.spark.internal;

import dev.montage.core.spi.SegmentTask;
import java.io.Serializable;
import java.nio.file.Path;
import org.apache.spark.TaskContext;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * What a Spark task runs: the one segment task of its partition, through the task's own entry point
 * ({@link SegmentTask#run}) in a fresh {@link TaskEnvironment}; task and outcome travel as
 * Java-serialised bytes ({@link JavaBytes}). A segment's exception comes back as
 * an {@link Outcome} rather than failing the Spark task, so Spark retries only what the cluster
 * broke (a lost executor), never a deterministic failure. An {@link Error} (out of memory, a native
 * library that will not load) still fails the task: another executor may do better.
 */
public final class SegmentFunction extends AbstractFunction1<Iterator<byte[]>, byte[]> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The work directory as text: a {@link Path} does not serialise. */
  private final String workDir;

  /** Runs tasks in {@code workDir}, a path on the volume shared by the driver and every executor. */
  public SegmentFunction(Path workDir) {
    this.workDir = workDir.toString();
  }

  @Override
  public byte[] apply(Iterator<byte[]> partition) {
    return JavaBytes.write(run(JavaBytes.read(partition.next(), SegmentTask.class)));
  }

  private Outcome run(SegmentTask task) {
    TaskContext context = TaskContext.get();
    try (TaskEnvironment environment = new TaskEnvironment(Path.of(workDir),
        () -> context != null && context.isInterrupted())) {
      return Outcome.done(task.run(environment));
    } catch (RuntimeException e) {
      return Outcome.failed(task.index(), e);
    }
  }
}
