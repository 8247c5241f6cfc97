package dev.montage.core;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Lets a host cancel a running render from any thread. A cancelled render stops within about a
 * second, removes its temporary files, leaves nothing at the output path and throws {@link
 * RenderCancelledException}. A token is one-shot: once cancelled it stays cancelled. A token belongs
 * to runs, not to jobs: give it with {@link RunOptions.Builder#cancellation}.
 */
public final class CancellationToken {

  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final @Nullable CancellationToken parent;

  private CancellationToken(@Nullable CancellationToken parent) {
    this.parent = parent;
  }

  /** A new token, not cancelled. */
  public static CancellationToken create() {
    return new CancellationToken(null);
  }

  /** A token cancelled by its own {@link #cancel()} or by {@code parent}'s; cancelling it leaves the parent alone. */
  static CancellationToken linkedTo(@Nullable CancellationToken parent) {
    return new CancellationToken(parent);
  }

  /** Requests cancellation. Idempotent. */
  public void cancel() {
    cancelled.set(true);
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled.get() || (parent != null && parent.isCancelled());
  }
}
