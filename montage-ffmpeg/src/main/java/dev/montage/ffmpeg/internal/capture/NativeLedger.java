package dev.montage.ffmpeg.internal.capture;

import dev.montage.core.spi.ResourceLedger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts every native handle (grabber, recorder, filter, the segment stage's own encoder) this
 * renderer opens, exactly, with the stack where each still-open one was opened. One per JVM:
 * handles are a process-wide resource. Each owner calls {@link #opened} once when it takes its
 * handle and {@link #closed} once on its one close path.
 */
public final class NativeLedger implements ResourceLedger {

  /** The JVM's ledger. */
  public static final NativeLedger INSTANCE = new NativeLedger();

  private final Map<Long, OpenHandle> open = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private NativeLedger() {}

  /** Records a handle just opened; returns its id for {@link #closed}. */
  public long opened(String kind, String description) {
    long id = ids.incrementAndGet();
    open.put(id, new OpenHandle(id, kind, description, new Throwable(kind + " opened here: " + description)));
    return id;
  }

  /** Records that handle {@code id} was closed. */
  public void closed(long id) {
    open.remove(id);
  }

  @Override
  public int openCount() {
    return open.size();
  }

  @Override
  public long openedEver() {
    return ids.get();
  }

  @Override
  public List<OpenHandle> openHandles() {
    List<OpenHandle> handles = new ArrayList<>(open.values());
    handles.sort(Comparator.comparingLong(OpenHandle::id));
    return handles;
  }
}
