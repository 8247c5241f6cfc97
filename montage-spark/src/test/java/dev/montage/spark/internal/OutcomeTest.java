package dev.montage.spark.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageException;
import dev.montage.core.SourceMediaException;
import dev.montage.core.spi.SegmentResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OutcomeTest {

  @Test
  void failure_travelsAsTheSegmentThrewIt() {
    SourceMediaException thrown = SourceMediaException.missing(3, Path.of("/media/a.mp4"));
    Outcome back = JavaBytes.read(JavaBytes.write(Outcome.failed(2, thrown)), Outcome.class);
    SourceMediaException failure = assertInstanceOf(SourceMediaException.class, back.failure());
    assertEquals(thrown.getMessage(), failure.getMessage());
    assertEquals(3, failure.clipIndex().orElseThrow());
  }

  @Test
  void failureThatDoesNotSerialise_keepsTypeMessageClipAndStack() {
    IllegalStateException thrown = new IllegalStateException("native state", new Unserialisable());
    Outcome outcome = Outcome.failed(1, thrown);
    Outcome back = JavaBytes.read(JavaBytes.write(outcome), Outcome.class);
    MontageException failure = assertInstanceOf(MontageException.class, back.failure());
    assertTrue(failure.getMessage().contains("IllegalStateException: native state"), failure.getMessage());
    assertEquals(thrown.getStackTrace().length, failure.getStackTrace().length);
  }

  @Test
  void result_travels() {
    SegmentResult result = new SegmentResult(4, 120);
    Outcome back = JavaBytes.read(JavaBytes.write(Outcome.done(result)), Outcome.class);
    assertEquals(result, back.result());
    assertSame(null, back.failure());
  }

  /** A cause holding something that cannot leave the process, like a native handle. */
  static final class Unserialisable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("unused")
    private final transient Object handle = new Object();
    private final Object notTransient = new Object();
  }
}
