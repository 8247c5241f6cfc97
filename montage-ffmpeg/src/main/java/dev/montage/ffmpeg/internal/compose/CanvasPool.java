package dev.montage.ffmpeg.internal.compose;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Output-size canvases shared by a job's segments. A canvas is a direct buffer that only the GC
 * frees; allocating fresh ones per clip or per segment made native memory grow with the job until
 * a collection, which a small heap rarely needs. At most three per worker are ever live.
 */
public final class CanvasPool {

  private final int width;
  private final int height;
  private final ConcurrentLinkedDeque<Canvas> spare = new ConcurrentLinkedDeque<>();

  /** A pool of {@code width} x {@code height} canvases. */
  public CanvasPool(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** A canvas to draw on (its contents are stale: clear it when padding matters). */
  public Canvas take() {
    Canvas canvas = spare.pollFirst();
    return canvas != null ? canvas : new Canvas(width, height);
  }

  /** Gives {@code canvas} back for the next clip or segment. */
  public void give(Canvas canvas) {
    spare.addFirst(canvas);
  }
}
