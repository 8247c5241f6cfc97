package dev.montage.ffmpeg.internal.plan;

import dev.montage.ffmpeg.internal.h264.IdRemap;
import dev.montage.ffmpeg.internal.hevc.HevcIdRemap;
import java.io.Serializable;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A span of compressed video to copy: packets of {@code file} whose presentation time is in
 * [{@code fromPts}, {@code toPts}) of its video stream's time base, placed at output frame
 * {@code startFrame}. Cuts must fall on keyframes of closed GOPs.
 *
 * @param file the segment or source file
 * @param fromPts first presentation time to copy
 * @param toPts presentation time of the keyframe where copying stops ({@link Long#MAX_VALUE}: the end)
 * @param startFrame output frame of {@code fromPts}
 * @param clipIndex clip the span belongs to, -1 for segments
 * @param remap how the packets' H.264 parameter set ids change, or {@code null} when they are copied
 *     as they are
 * @param hevcRemap how the packets' HEVC parameter set ids change (a smart cut's x265 pieces), or
 *     {@code null}
 */
public record VideoRun(Path file, long fromPts, long toPts, long startFrame, int clipIndex,
    @Nullable IdRemap remap, @Nullable HevcIdRemap hevcRemap) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A run copied as it is. */
  public VideoRun(Path file, long fromPts, long toPts, long startFrame, int clipIndex) {
    this(file, fromPts, toPts, startFrame, clipIndex, null, null);
  }

  /** Serialised as {@link Form}: a {@link Path} does not serialise. */
  private Object writeReplace() {
    return new Form(file.toString(), fromPts, toPts, startFrame, clipIndex, remap, hevcRemap);
  }

  /** A run as it crosses processes (to a worker that joins a copy), its file named by a string. */
  private record Form(String file, long fromPts, long toPts, long startFrame, int clipIndex,
      @Nullable IdRemap remap, @Nullable HevcIdRemap hevcRemap) implements Serializable {

    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      return new VideoRun(Path.of(file), fromPts, toPts, startFrame, clipIndex, remap, hevcRemap);
    }
  }

  /** An H.264 run whose parameter set ids change as {@code remap} says ({@code null}: none). */
  public VideoRun(Path file, long fromPts, long toPts, long startFrame, int clipIndex, @Nullable IdRemap remap) {
    this(file, fromPts, toPts, startFrame, clipIndex, remap, null);
  }
}
