package dev.montage.core.spi;

import java.io.Serializable;
import java.util.List;

/**
 * What a {@link SegmentTask} hands back to the job: small, serialisable, and enough for the join.
 *
 * @param index the task's {@link SegmentTask#index()}
 * @param frames output frames written
 * @param warnings what the job's caller must hear about this segment, each a sentence naming the
 *     clip and file (such as a damaged span of a source rendered with a held frame)
 */
public record SegmentResult(int index, long frames, List<String> warnings) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Copies the warnings. */
  public SegmentResult {
    warnings = List.copyOf(warnings);
  }

  /** A result without warnings. */
  public SegmentResult(int index, long frames) {
    this(index, frames, List.of());
  }
}
