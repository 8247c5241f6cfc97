package dev.montage.core.spi;

import java.io.Serializable;

/**
 * One segment of a render, as a value that can leave the JVM: it carries everything a worker needs
 * (its clips with resolved in and out points, the output format, the encoder settings, the names of
 * the files it writes relative to the work directory, its time budget) and nothing of the process
 * that planned it. {@link #run} is the worker's entry point, the same in-process and remote.
 *
 * <p>Sources are read by their absolute paths, so a worker in another process must see them at the
 * same paths (or the executor stages them there first).
 */
public interface SegmentTask extends Serializable {

  /** 0-based position of this task in its job; results come back in this order. */
  int index();

  /** Output frames this task writes, for progress and scheduling. */
  long frames();

  /**
   * Renders the segment in this process into {@link SegmentEnvironment#workDir()}. Safe to run
   * again after a failed attempt: it writes under its own names and replaces what an earlier
   * attempt left.
   *
   * @return what was written
   * @throws dev.montage.core.MontageException naming the clip, the file and the cause
   */
  SegmentResult run(SegmentEnvironment environment);
}
