package dev.montage.testkit.internal;

import dev.montage.core.spi.MontageRenderer;
import dev.montage.core.spi.ResourceLedger;
import dev.montage.core.spi.ResourceLedger.OpenHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The ledgers of every {@link MontageRenderer} on the class path, read as one. Renderers are found
 * through {@link ServiceLoader} with the thread's context class loader and the testkit's own; a
 * renderer's ledger must be shared by all its instances (static), because {@code MontageJob.render()}
 * loads a fresh provider per call.
 */
public final class LedgerProbe {

  private final List<ResourceLedger> ledgers;

  private LedgerProbe(List<ResourceLedger> ledgers) {
    this.ledgers = ledgers;
  }

  /** The ledgers found now; empty when no renderer is on the class path. */
  public static LedgerProbe find() {
    Set<ResourceLedger> found = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Class<?>> seen = new HashSet<>();
    List<ResourceLedger> ordered = new ArrayList<>();
    for (ClassLoader loader : loaders()) {
      for (MontageRenderer renderer : ServiceLoader.load(MontageRenderer.class, loader)) {
        if (seen.add(renderer.getClass())) {
          ResourceLedger ledger = renderer.ledger();
          if (found.add(ledger)) {
            ordered.add(ledger);
          }
        }
      }
    }
    return new LedgerProbe(List.copyOf(ordered));
  }

  private static List<ClassLoader> loaders() {
    List<ClassLoader> loaders = new ArrayList<>(2);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    ClassLoader own = LedgerProbe.class.getClassLoader();
    if (own != null && own != context) {
      loaders.add(own);
    }
    return loaders;
  }

  /** Whether any renderer (and so any ledger) was found. */
  public boolean present() {
    return !ledgers.isEmpty();
  }

  /** Handles open now, over all ledgers. */
  public int openCount() {
    int sum = 0;
    for (ResourceLedger ledger : ledgers) {
      sum += ledger.openCount();
    }
    return sum;
  }

  /** Every handle open now, over all ledgers. */
  public List<OpenHandle> openHandles() {
    List<OpenHandle> all = new ArrayList<>();
    for (ResourceLedger ledger : ledgers) {
      all.addAll(ledger.openHandles());
    }
    return all;
  }

  /** Ids of the handles open now. */
  public Set<Long> openIds() {
    Set<Long> ids = new HashSet<>();
    for (OpenHandle handle : openHandles()) {
      ids.add(handle.id());
    }
    return ids;
  }

  /**
   * Waits up to {@code timeoutNanos} for the open count to fall to {@code baseline} (handles closed
   * on another thread); returns the last count seen.
   */
  public int awaitAtMost(int baseline, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    int count = openCount();
    while (count > baseline && System.nanoTime() < deadline) {
      Thread.sleep(10);
      count = openCount();
    }
    return count;
  }

  /**
   * Readable lines for the handles in {@code handles} that are not in {@code before}: kind,
   * description and the opening stack up to {@code maxFrames} frames, cut where the test framework
   * begins.
   */
  public static String describe(List<OpenHandle> handles, @Nullable Set<Long> before, int maxFrames) {
    StringBuilder text = new StringBuilder();
    for (OpenHandle handle : handles) {
      if (before != null && before.contains(handle.id())) {
        continue;
      }
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append("    #").append(handle.id()).append(' ').append(handle.kind()).append(' ')
          .append(handle.description()).append(", opened at:");
      StackTraceElement[] stack = handle.openedAt().getStackTrace();
      int shown = 0;
      while (shown < stack.length && shown < maxFrames && !(shown > 0 && framework(stack[shown]))) {
        text.append("\n        at ").append(stack[shown]);
        shown++;
      }
      if (shown < stack.length) {
        text.append("\n        ... ").append(stack.length - shown).append(" more");
      }
    }
    return text.toString();
  }

  private static boolean framework(StackTraceElement frame) {
    String type = frame.getClassName();
    return type.startsWith("org.junit.") || type.startsWith("jdk.internal.reflect.")
        || type.startsWith("java.lang.reflect.") || type.startsWith("net.jqwik.");
  }
}
