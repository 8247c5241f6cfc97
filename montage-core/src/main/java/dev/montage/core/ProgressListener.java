package dev.montage.core;

/**
 * Receives progress of a render. Called from the render's worker threads (possibly two at once when
 * segments render in parallel) about every percent of the job or every 200 ms, whichever comes
 * first, and once at the end, when the output is written and checked, just before it is moved to its
 * name; keep it quick, thread-safe and non-blocking. An exception thrown here fails the render, and
 * nothing is left at the output path.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that ignores progress. */
  ProgressListener NONE = progress -> {};

  /** Called with the latest progress. */
  void onProgress(Progress progress);
}
