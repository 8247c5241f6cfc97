package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.CancellationToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownCancellationTest {

  private final StringWriter err = new StringWriter();

  @Test
  void hook_cancelsThenWaitsForClose() throws Exception {
    CancellationToken token = CancellationToken.create();
    ShutdownCancellation cancellation = ShutdownCancellation.install(token, Duration.ofSeconds(5), new PrintWriter(err));
    CompletableFuture<Void> hook = CompletableFuture.runAsync(cancellation::cancelAndAwait);

    assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
      while (!token.isCancelled()) {
        Thread.onSpinWait();
      }
    });
    Thread.sleep(50);
    assertFalse(hook.isDone(), "the hook returned before the render finished");

    cancellation.close();
    hook.get(1, TimeUnit.SECONDS);
    assertEquals("", err.toString());
  }

  @Test
  void hook_waitIsBounded() {
    CancellationToken token = CancellationToken.create();
    try (ShutdownCancellation cancellation =
        ShutdownCancellation.install(token, Duration.ofMillis(100), new PrintWriter(err))) {
      assertTimeoutPreemptively(Duration.ofSeconds(1), cancellation::cancelAndAwait);
    }
    assertTrue(token.isCancelled());
    assertTrue(err.toString().startsWith("montage: the render did not stop within 1s of cancelling"), err.toString());
  }

  @Test
  void hook_afterCloseDoesNothing() {
    CancellationToken token = CancellationToken.create();
    ShutdownCancellation cancellation = ShutdownCancellation.install(token, Duration.ofSeconds(5), new PrintWriter(err));
    cancellation.close();
    cancellation.close();
    cancellation.cancelAndAwait();
    assertFalse(token.isCancelled());
  }
}
