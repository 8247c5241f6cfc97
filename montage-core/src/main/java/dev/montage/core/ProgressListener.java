package dev.montage.core;

/**
 * Receives progress of a render. Called from render threads, at most a few times a second; keep it
 * quick and do not block. An exception thrown here fails the render.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores progress. */
  ProgressListener NONE = progress -> {};

  /** Called with the latest progress. */
  void onProgress(Progress progress);
}
