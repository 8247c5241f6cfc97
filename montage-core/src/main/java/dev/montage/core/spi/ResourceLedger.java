package dev.montage.core.spi;

import java.util.List;

/**
 * Counts native handles (grabbers, recorders, filters) exactly: how many are open now, how many were
 * ever opened, and where each open one was opened. Leak checks read it before and after a test.
 */
public interface ResourceLedger {

  /** Handles open now. */
  int openCount();

  /** Handles opened since the JVM started. */
  long openedEver();

  /** Every handle open now, with the stack where it was opened. */
  List<OpenHandle> openHandles();

  /**
   * One open native handle.
   *
   * @param id unique number of the handle
   * @param kind what it is, such as {@code grabber} or {@code recorder}
   * @param description what it reads or writes
   * @param openedAt the stack where it was opened (not thrown)
   */
  record OpenHandle(long id, String kind, String description, Throwable openedAt) {}
}
