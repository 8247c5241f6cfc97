package dev.montage.testkit;

import dev.montage.core.MontageJob;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import dev.montage.core.spi.MontageRenderer;
import dev.montage.core.spi.ResourceLedger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A renderer for the testkit's own tests: it renders nothing, and its ledger is whatever a test
 * opens and closes through {@link #LEDGER}. Registered in {@code META-INF/services} under test
 * resources, so the leak-check extension finds it as it would find the FFmpeg renderer.
 */
public final class TestRenderer implements MontageRenderer {

  /** The ledger shared by every instance, as a real renderer's must be. */
  public static final TestLedger LEDGER = new TestLedger();

  @Override
  public RenderResult render(MontageJob job, RunOptions options) {
    throw new UnsupportedOperationException("the testkit's TestRenderer does not render; it only counts handles");
  }

  @Override
  public ResourceLedger ledger() {
    return LEDGER;
  }

  /** A ledger that tests drive by hand. */
  public static final class TestLedger implements ResourceLedger {

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, OpenHandle> open = new ConcurrentHashMap<>();

    /** Records a handle as opened here and now; returns its id for {@link #close}. */
    public long open(String kind, String description) {
      long id = ids.incrementAndGet();
      open.put(id, new OpenHandle(id, kind, description, new Throwable("opened here")));
      return id;
    }

    /** Records handle {@code id} as closed. */
    public void close(long id) {
      open.remove(id);
    }

    /** Forgets every open handle (clean-up after a test that leaked on purpose). */
    public void clear() {
      open.clear();
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
}
