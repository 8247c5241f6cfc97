package dev.montage.core;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets a host cancel a running render from any thread. A cancelled render stops within about a
 * second, removes its temporary files, leaves nothing at the output path and throws {@link
 * RenderCancelledException}. A token is one-shot: once cancelled it stays cancelled.
 */
public final class CancellationToken {

  private final AtomicBoolean cancelled = new AtomicBoolean();

  private CancellationToken() {}

  /** A new token, not cancelled. */
  public static CancellationToken create() {
    return new CancellationToken();
  }

  /** Requests cancellation. Idempotent. */
  public void cancel() {
    cancelled.set(true);
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled.get();
  }
}
