package dev.montage.core.spi;

import java.io.Serializable;

/**
 * What a {@link SegmentTask} hands back to the job: small, serialisable, and enough for the join.
 *
 * @param index the task's {@link SegmentTask#index()}
 * @param frames output frames written
 */
public record SegmentResult(int index, long frames) implements Serializable {

  private static final long serialVersionUID = 1L;
}
