package dev.montage.spark.internal;

import dev.montage.core.MontageException;
import dev.montage.core.spi.SegmentResult;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What one Spark task hands back: the segment's result, or the exception the segment threw. A
 * segment's failure travels as a value, not as a task failure, so that Spark does not retry what
 * can never succeed (a corrupt source fails the same way four times).
 *
 * @param index the task's index in its job
 * @param result what the segment wrote, when it succeeded
 * @param failure what the segment threw, when it failed
 */
public record Outcome(int index, @Nullable SegmentResult result, @Nullable RuntimeException failure)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A segment that succeeded. */
  public static Outcome done(SegmentResult result) {
    return new Outcome(result.index(), result, null);
  }

  /**
   * A segment that failed with {@code failure}; one that would not serialise (a cause holding a
   * native handle) is replaced by a copy carrying its type, message, clip, file and stack.
   */
  public static Outcome failed(int index, RuntimeException failure) {
    return new Outcome(index, null, serialises(failure) ? failure : RemoteFailure.of(failure));
  }

  private static boolean serialises(Throwable failure) {
    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
      out.writeObject(failure);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A failure that would not serialise, as text: its type, message, clip, file and stack. */
  static final class RemoteFailure extends MontageException {

    private static final long serialVersionUID = 1L;

    private RemoteFailure(String message, int clipIndex, java.nio.file.@Nullable Path file) {
      super(message, clipIndex, file, null);
    }

    static RemoteFailure of(RuntimeException failure) {
      int clip = -1;
      java.nio.file.@Nullable Path file = null;
      if (failure instanceof MontageException montage) {
        clip = montage.clipIndex().orElse(-1);
        file = montage.file().orElse(null);
      }
      RemoteFailure copy = new RemoteFailure(failure.getClass().getName() + ": " + failure.getMessage()
          + " (on a Spark executor; its cause did not serialise)", clip, file);
      copy.setStackTrace(failure.getStackTrace());
      return copy;
    }
  }
}
