package dev.montage.ffmpeg.internal.capture;

import dev.montage.core.RenderTimeoutException;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.Streams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.bytedeco.javacv.FrameGrabber;
import org.jspecify.annotations.Nullable;

/**
 * The only way Montage opens an {@link org.bytedeco.javacv.FFmpegFrameGrabber}.
 *
 * <p>Design: at most {@code maxOpen} grabbers exist at once (leased plus idle). A lease is
 * exclusive and returned by try-with-resources; a returned grabber stays open, idle, for the next
 * lease of the same file (a seek is far cheaper than an open). When the pool is full, the least
 * recently used idle grabber is evicted; when nothing is idle, {@link #acquire} waits on a condition
 * (never spins) for at most {@code maxWait}. Idle grabbers older than {@code idleTimeout} are closed
 * on every acquire and release. Opening and closing happen outside the lock: FFmpeg's open is slow
 * and JavaCV's start and release take a JVM-wide lock of their own.
 */
public final class CapturePool implements AutoCloseable {

  /** Guarded by {@link #lock}. */
  private int maxOpen;
  /** Guarded by {@link #lock}. */
  private int maxIdle;
  private final Decoding decoding;
  private final Duration maxWait;
  private final Duration idleTimeout;
  private final LongSupplier nanoTime;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final Deque<Idle> idle = new ArrayDeque<>();
  private int leasedOrOpening;
  private boolean closed;

  /** Longest a lease waits for a free slot before the pool reports itself exhausted. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
  /** How long an unused grabber stays open for reuse. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** A pool that keeps up to {@code maxOpen} grabbers idle. */
  public CapturePool(int maxOpen, Duration maxWait, Duration idleTimeout, LongSupplier nanoTime, Decoding decoding) {
    this(maxOpen, maxOpen, maxWait, idleTimeout, nanoTime, decoding);
  }

  /**
   * @param maxOpen most grabbers open at once, at least 1
   * @param maxIdle most grabbers kept open unused (an idle grabber keeps its decoder's frames:
   *     tens of MB at 4K)
   * @param maxWait longest an acquire waits for a free slot
   * @param idleTimeout how long a returned grabber stays open unused
   * @param nanoTime the clock, injectable for tests
   * @param decoding how grabbers open and decode sources
   */
  public CapturePool(int maxOpen, int maxIdle, Duration maxWait, Duration idleTimeout, LongSupplier nanoTime,
      Decoding decoding) {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpen must be >= 1 but was " + maxOpen);
    }
    this.maxOpen = maxOpen;
    this.maxIdle = Math.max(0, maxIdle);
    this.decoding = decoding;
    this.maxWait = maxWait;
    this.idleTimeout = idleTimeout;
    this.nanoTime = nanoTime;
  }

  /**
   * Leases a grabber for {@code file}, reusing an idle one when there is one.
   *
   * @param clipIndex the clip the lease serves, for error messages (-1 when none)
   * @throws FrameGrabber.Exception when FFmpeg cannot open the file
   * @throws RenderTimeoutException when no slot frees up within the wait bound
   * @throws InterruptedException when interrupted while waiting
   */
  public GrabberLease acquire(Path file, int clipIndex) throws FrameGrabber.Exception, InterruptedException {
    return acquire(file, clipIndex, false);
  }

  /**
   * Leases a grabber for {@code file}; with {@code packetsOnly}, an idle grabber of any kind, or a
   * new one opened for reading packets only (see {@link TrackedGrabber#open}), which no decoding
   * lease is given.
   */
  private GrabberLease acquire(Path file, int clipIndex, boolean packetsOnly)
      throws FrameGrabber.Exception, InterruptedException {
    Path key = file.toAbsolutePath().normalize();
    List<TrackedGrabber> toClose = new ArrayList<>();
    TrackedGrabber reused = null;
    lock.lock();
    try {
      long deadline = nanoTime.getAsLong() + maxWait.toNanos();
      while (true) {
        ensureOpen();
        collectExpired(toClose);
        reused = takeIdle(key, packetsOnly);
        if (reused != null) {
          leasedOrOpening++;
          break;
        }
        if (leasedOrOpening + idle.size() < maxOpen) {
          leasedOrOpening++;
          break;
        }
        if (!idle.isEmpty()) {
          toClose.add(idle.pollLast().grabber());
          leasedOrOpening++;
          break;
        }
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
          throw RenderTimeoutException.exceeded(
              "waiting for one of " + maxOpen + " capture slots", clipIndex, file, maxWait);
        }
        released.awaitNanos(left);
      }
    } finally {
      lock.unlock();
      closeAll(toClose);
    }
    if (reused != null) {
      return new GrabberLease(this, reused);
    }
    try {
      return new GrabberLease(this, TrackedGrabber.open(key, decoding, packetsOnly));
    } catch (FrameGrabber.Exception | RuntimeException e) {
      freeSlot();
      throw e;
    }
  }

  /**
   * Leases a source for clip {@code clipIndex} (-1 for music): an FFmpeg failure to open becomes
   * {@link dev.montage.core.SourceMediaException}, an interrupt {@link
   * dev.montage.core.RenderCancelledException} with the flag kept.
   */
  public GrabberLease leaseSource(Path file, int clipIndex) {
    return leaseSource(file, clipIndex, false);
  }

  /**
   * Leases a source whose packets are copied, not decoded, for clip {@code clipIndex}: what
   * {@link #leaseSource(Path, int)} does, but a grabber it has to open skips FFmpeg's stream analysis
   * in MP4 and MOV (the source was probed before: a copy job's second grabber of every 720p
   * source, for its audio, opened in 2 ms instead of 7-8 ms).
   */
  public GrabberLease leasePackets(Path file, int clipIndex) {
    return leaseSource(file, clipIndex, true);
  }

  private GrabberLease leaseSource(Path file, int clipIndex, boolean packetsOnly) {
    try {
      return acquire(file, clipIndex, packetsOnly);
    } catch (FrameGrabber.Exception e) {
      throw Failures.source(clipIndex, file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw dev.montage.core.RenderCancelledException.byInterrupt(e);
    }
  }

  /**
   * Leases a file this render wrote (a segment, the joined output): failing to open it means it was
   * not written whole, reported by {@link Failures#unreadable}.
   */
  public GrabberLease leaseWritten(Path file) {
    try {
      return acquire(file, -1);
    } catch (FrameGrabber.Exception e) {
      throw Failures.unreadable(file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw dev.montage.core.RenderCancelledException.byInterrupt(e);
    }
  }

  /** Grabbers open now, leased or idle. */
  public int openCount() {
    lock.lock();
    try {
      return leasedOrOpening + idle.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Limits the pool to at most {@code maxOpen} grabbers open, {@code maxIdle} of them idle, until the
   * returned scope closes and puts back the limits it found. Idle grabbers past the new limit are
   * closed now. A copy job widens both while it only reads packets (it touches every source again and
   * again: planning, video, audio; a grabber that decodes nothing holds no frames, and each reopen
   * costs FFmpeg's stream probing, tens of milliseconds at 1080p) and narrows them inside that scope
   * while a smart cut's pieces decode. Scopes close in the reverse order of opening.
   *
   * @throws IllegalArgumentException if {@code maxOpen} is below 1
   */
  public Limits limit(int maxOpen, int maxIdle) {
    Limits restore;
    lock.lock();
    try {
      restore = new Limits(this.maxOpen, this.maxIdle);
    } finally {
      lock.unlock();
    }
    setLimits(maxOpen, maxIdle);
    return restore;
  }

  /** The limits a {@link #limit} scope puts back when it closes (once; closing again does nothing). */
  public final class Limits implements AutoCloseable {
    private final int maxOpen;
    private final int maxIdle;
    private boolean closed;

    private Limits(int maxOpen, int maxIdle) {
      this.maxOpen = maxOpen;
      this.maxIdle = maxIdle;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        setLimits(maxOpen, maxIdle);
      }
    }
  }

  private void setLimits(int maxOpen, int maxIdle) {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpen must be >= 1 but was " + maxOpen);
    }
    List<TrackedGrabber> toClose = new ArrayList<>();
    lock.lock();
    try {
      this.maxOpen = maxOpen;
      this.maxIdle = Math.max(0, maxIdle);
      while (idle.size() > this.maxIdle || !idle.isEmpty() && leasedOrOpening + idle.size() > this.maxOpen) {
        toClose.add(idle.pollLast().grabber());
      }
      released.signalAll();
    } finally {
      lock.unlock();
    }
    closeAll(toClose);
  }

  /** How this pool's grabbers open and decode sources. */
  public Decoding decoding() {
    return decoding;
  }

  /** Most grabbers open at once. */
  public int maxOpen() {
    lock.lock();
    try {
      return maxOpen;
    } finally {
      lock.unlock();
    }
  }

  /** Most grabbers kept idle. */
  public int maxIdle() {
    lock.lock();
    try {
      return maxIdle;
    } finally {
      lock.unlock();
    }
  }

  void release(TrackedGrabber grabber, boolean reusable) {
    List<TrackedGrabber> toClose = new ArrayList<>();
    if (reusable) {
      Streams.readAll(grabber.grabber().getFormatContext()); // a lease may have read only one stream
    }
    lock.lock();
    try {
      leasedOrOpening--;
      if (reusable && !closed && maxIdle > 0) {
        idle.addFirst(new Idle(grabber.path(), grabber, nanoTime.getAsLong()));
        while (idle.size() > maxIdle) {
          toClose.add(idle.pollLast().grabber());
        }
      } else {
        toClose.add(grabber);
      }
      collectExpired(toClose);
      released.signalAll();
    } finally {
      lock.unlock();
    }
    closeAll(toClose);
  }

  private void freeSlot() {
    lock.lock();
    try {
      leasedOrOpening--;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("capture pool is closed");
    }
  }

  private @Nullable TrackedGrabber takeIdle(Path key, boolean packetsOnly) {
    for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
      Idle candidate = it.next();
      if (candidate.path().equals(key) && (packetsOnly || !candidate.grabber().packetsOnly())) {
        it.remove();
        return candidate.grabber();
      }
    }
    return null;
  }

  private void collectExpired(List<TrackedGrabber> toClose) {
    long now = nanoTime.getAsLong();
    for (Iterator<Idle> it = idle.iterator(); it.hasNext(); ) {
      Idle candidate = it.next();
      if (now - candidate.since() >= idleTimeout.toNanos()) {
        it.remove();
        toClose.add(candidate.grabber());
      }
    }
  }

  private static void closeAll(List<TrackedGrabber> grabbers) {
    for (TrackedGrabber grabber : grabbers) {
      grabber.close();
    }
  }

  /** Closes every idle grabber; grabbers still leased are closed when their lease ends. */
  @Override
  public void close() {
    List<TrackedGrabber> toClose = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      for (Idle entry : idle) {
        toClose.add(entry.grabber());
      }
      idle.clear();
      released.signalAll();
    } finally {
      lock.unlock();
    }
    closeAll(toClose);
  }

  /** Waits up to {@code bound} for all leases to end (after a failure, before deleting files). */
  boolean awaitNoLeases(Duration bound) throws InterruptedException {
    lock.lock();
    try {
      long left = bound.toNanos();
      while (leasedOrOpening > 0 && left > 0) {
        left = released.awaitNanos(left);
      }
      return leasedOrOpening == 0;
    } finally {
      lock.unlock();
    }
  }

  private record Idle(Path path, TrackedGrabber grabber, long since) {}
}
