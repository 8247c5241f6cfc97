package dev.montage.core;

import dev.montage.core.policy.Hardware;
import dev.montage.core.policy.ThreadSizing;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How much rendering runs at once in this process, across every job: segments rendering at once,
 * and the native memory they hold. Each job sizes its segments for the whole machine, so a service
 * that starts many jobs at once would run all their segments together, oversubscribing the CPUs and
 * native memory as many times; jobs that share one limit queue their segments instead, and every
 * job still finishes.
 *
 * <p>Jobs use {@link #processDefault()} unless their {@link RunOptions} name another. The default
 * admits as many segments as {@link ThreadSizing#DEFAULT} gives workers for this machine, holding at
 * most half its memory. A segment asks for the native memory its output size needs; one asking for
 * more than the whole limit is admitted alone. Thread-safe.
 */
public final class RenderLimit {

  private static final long POLL_MILLIS = 50;
  private static volatile @Nullable RenderLimit processDefault;

  private final int segments;
  private final long nativeBytes;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition released = lock.newCondition();
  private int running;
  private long heldBytes;
  private int peak;

  private RenderLimit(int segments, long nativeBytes) {
    this.segments = segments;
    this.nativeBytes = nativeBytes;
  }

  /**
   * A limit of {@code segments} rendering at once holding at most {@code nativeBytes} of native memory.
   *
   * @throws IllegalArgumentException when either is below 1
   */
  public static RenderLimit of(int segments, long nativeBytes) {
    if (segments < 1 || nativeBytes < 1) {
      throw new IllegalArgumentException("a render limit needs at least 1 segment and 1 byte but was "
          + segments + " segments, " + nativeBytes + " bytes");
    }
    return new RenderLimit(segments, nativeBytes);
  }

  /** The limit for {@code hardware}: its default worker count, half its memory. */
  public static RenderLimit forHardware(Hardware hardware) {
    return of(ThreadSizing.DEFAULT.workers(hardware.cpus()), Math.max(1, hardware.memoryBytes() / 2));
  }

  /** The limit every job shares unless told otherwise: {@link #forHardware} of this machine at first use. */
  public static RenderLimit processDefault() {
    RenderLimit limit = processDefault;
    if (limit == null) {
      synchronized (RenderLimit.class) {
        limit = processDefault;
        if (limit == null) {
          limit = forHardware(Hardware.detect());
          processDefault = limit;
        }
      }
    }
    return limit;
  }

  /** Replaces the limit jobs share from now on (jobs running keep theirs). */
  public static void setProcessDefault(RenderLimit limit) {
    synchronized (RenderLimit.class) {
      processDefault = java.util.Objects.requireNonNull(limit, "limit");
    }
  }

  /** Segments that may render at once. */
  public int segments() {
    return segments;
  }

  /** Native memory the admitted segments may hold together. */
  public long nativeBytes() {
    return nativeBytes;
  }

  /** Segments rendering under this limit now. */
  public int running() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  /** The most segments that have rendered at once under this limit. */
  public int peak() {
    lock.lock();
    try {
      return peak;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a segment holding about {@code bytes} of native memory may render, and admits it:
   * for renderers. Close the returned permit when the segment is done.
   *
   * @param cancelled polled while waiting: the job was cancelled or failed elsewhere
   * @throws RenderCancelledException when {@code cancelled} turns true or the thread is
   *     interrupted while waiting (the interrupt flag stays set)
   */
  public Permit admit(long bytes, BooleanSupplier cancelled) {
    long wanted = Math.max(0, Math.min(bytes, nativeBytes));
    lock.lock();
    try {
      while (running >= segments || heldBytes + wanted > nativeBytes) {
        if (cancelled.getAsBoolean()) {
          throw RenderCancelledException.byToken();
        }
        released.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
      }
      running++;
      heldBytes += wanted;
      peak = Math.max(peak, running);
      return new Permit(this, wanted);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RenderCancelledException.byInterrupt(e);
    } finally {
      lock.unlock();
    }
  }

  private void release(long bytes) {
    lock.lock();
    try {
      running--;
      heldBytes -= bytes;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "RenderLimit[segments=" + segments + ", nativeBytes=" + nativeBytes + "]";
  }

  /** One admitted segment's place under the limit; closing it (once) gives the place back. */
  public static final class Permit implements AutoCloseable {
    private final RenderLimit limit;
    private final long bytes;
    private boolean closed;

    private Permit(RenderLimit limit, long bytes) {
      this.limit = limit;
      this.bytes = bytes;
    }

    /** Gives the place back; later calls do nothing. */
    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        limit.release(bytes);
      }
    }
  }
}
