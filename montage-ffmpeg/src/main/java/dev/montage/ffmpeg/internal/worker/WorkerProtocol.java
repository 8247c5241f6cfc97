package dev.montage.ffmpeg.internal.worker;

import dev.montage.core.MontageException;
import java.io.Serializable;

/**
 * The messages between the host and a worker process, Java-serialised over the child's standard
 * input and output. The host sends {@link Run} and {@link Cancel}; the worker answers a run with any
 * number of {@link Progress} and then one {@link Done} or {@link Failed}, and exits when its input
 * ends (the host closed it, or died).
 */
sealed interface WorkerProtocol extends Serializable {

  /** Do {@code call} with {@code workDir} as the work directory. */
  record Run(IsolatedCall call, String workDir) implements WorkerProtocol {}

  /** Stop the current run between frames. */
  record Cancel() implements WorkerProtocol {}

  /** {@code frames} more output frames written. */
  record Progress(long frames) implements WorkerProtocol {}

  /** The run succeeded with {@code value}. */
  record Done(Serializable value) implements WorkerProtocol {}

  /** The run failed with {@code failure}, the typed exception it threw. */
  record Failed(MontageException failure) implements WorkerProtocol {}
}
