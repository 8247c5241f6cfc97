package dev.montage.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One resource per type, closed last-made-first, the first failure thrown and the rest suppressed. */
class SharedResourcesTest {

  final List<String> closed = new ArrayList<>();

  final class First implements AutoCloseable {
    @Override
    public void close() {
      closed.add("first");
      throw new IllegalStateException("first failed");
    }
  }

  final class Second implements AutoCloseable {
    @Override
    public void close() {
      closed.add("second");
      throw new IllegalStateException("second failed");
    }
  }

  @Test
  void oneResourcePerType_closedInReverse_firstFailureThrownRestSuppressed() {
    SharedResources shared = new SharedResources();
    First first = shared.get(First.class, First::new);
    assertSame(first, shared.get(First.class, () -> new First()), "made once");
    shared.get(Second.class, Second::new);

    IllegalStateException failure = assertThrows(IllegalStateException.class, shared::close);

    assertEquals(List.of("second", "first"), closed);
    assertEquals("second failed", failure.getMessage());
    assertEquals("first failed", failure.getSuppressed()[0].getMessage());
    shared.close(); // once only
    assertEquals(2, closed.size());
    assertThrows(IllegalStateException.class, () -> shared.get(First.class, First::new));
  }
}
