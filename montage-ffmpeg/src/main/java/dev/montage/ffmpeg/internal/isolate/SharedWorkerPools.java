package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.EncodingException;
import dev.montage.core.WorkerProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The worker pools a host's {@link WorkerProcesses} keeps between jobs: one per native memory limit
 * (jobs of one output size share workers; a worker's limit is fixed when it starts), writing crash
 * reports into a directory of their own, which closing removes with the workers.
 */
public final class SharedWorkerPools implements AutoCloseable {

  private final Map<Long, WorkerPool> pools = new HashMap<>();
  private @Nullable Path crashDir;
  private boolean closed;

  private SharedWorkerPools() {}

  /** The pool of {@code processes} whose workers may each hold {@code nativeBytes} natively. */
  public static WorkerPool of(WorkerProcesses processes, long nativeBytes) {
    return processes.attached(SharedWorkerPools.class, SharedWorkerPools::new).pool(nativeBytes);
  }

  private synchronized WorkerPool pool(long nativeBytes) {
    if (closed) {
      throw new IllegalStateException("these worker processes are closed");
    }
    Path dir = crashDir;
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("montage-workers-");
      } catch (IOException e) {
        throw EncodingException.failed(-1, Path.of(System.getProperty("java.io.tmpdir")),
            "creating the worker processes' directory failed", e);
      }
      crashDir = dir;
    }
    Path reports = dir;
    return pools.computeIfAbsent(nativeBytes, bytes -> new WorkerPool(reports, bytes));
  }

  /** Ends every worker and removes the crash reports' directory. */
  @Override
  public void close() throws IOException {
    List<WorkerPool> open;
    Path dir;
    synchronized (this) {
      closed = true;
      open = new ArrayList<>(pools.values());
      pools.clear();
      dir = crashDir;
      crashDir = null;
    }
    for (WorkerPool pool : open) {
      pool.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
