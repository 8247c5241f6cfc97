package dev.montage.ffmpeg.internal.probe;

import java.util.OptionalLong;

/**
 * Where the copy planner learns a source's video stream and its IDR frames. The probe stage reads
 * them from packets ({@link PacketKeyframes}); the planner only asks, so its decisions can be
 * tested on made-up streams without media.
 */
public interface Keyframes {

  /** The video stream of {@code source}, first used by clip {@code clipIndex}. */
  VideoStreamFacts stream(String source, int clipIndex);

  /**
   * The presentation time of the first IDR frame of {@code stream} in [{@code fromPts}, {@code toPts}].
   *
   * @param nalLengthSize bytes of each NAL unit's length prefix (from the avcC record)
   */
  OptionalLong firstIdr(VideoStreamFacts stream, long fromPts, long toPts, int nalLengthSize);

  /**
   * The presentation time of the last IDR frame of {@code stream} in [{@code fromPts}, {@code toPts}].
   *
   * @param nalLengthSize bytes of each NAL unit's length prefix (from the avcC record)
   */
  OptionalLong lastIdr(VideoStreamFacts stream, long fromPts, long toPts, int nalLengthSize);
}
