package dev.montage.ffmpeg.internal.probe;

import dev.montage.ffmpeg.internal.h264.AvcConfig;
import dev.montage.ffmpeg.internal.hevc.HvcConfig;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What the copy planner needs of a source's video stream, as data: its decoder configuration
 * (extradata: for H.264 in MP4 the avcC record), time base, and start and end in that time base.
 *
 * @param source the source file
 * @param clipIndex the first clip that uses it (for error messages)
 * @param extradata the stream's codec extradata
 * @param timeBaseNum numerator of the stream's time base
 * @param timeBaseDen denominator of the stream's time base
 * @param startPts presentation time of the stream's first frame
 * @param endPts presentation time where the stream ends
 * @param codec FFmpeg's name of the stream's codec: {@code h264}, {@code hevc}...
 */
public record VideoStreamFacts(String source, int clipIndex, byte[] extradata, int timeBaseNum, int timeBaseDen,
    long startPts, long endPts, String codec) implements Serializable {

  /** A cut this close to a frame's time (in frames) counts as on it: VideoReader's timestamp slack. */
  public static final double FRAME_SLACK = 0.03;

  /** Copies the extradata. */
  public VideoStreamFacts {
    extradata = extradata.clone();
  }

  /** Whether the stream is HEVC (else H.264). */
  public boolean hevc() {
    return "hevc".equals(codec);
  }

  @Override
  public byte[] extradata() {
    return extradata.clone();
  }

  /** Whether both streams count time in the same units (their packets' timestamps mean the same). */
  public boolean sameTimeBase(VideoStreamFacts other) {
    return timeBaseNum == other.timeBaseNum && timeBaseDen == other.timeBaseDen;
  }

  /** Bytes of each NAL unit's length prefix in this stream's packets, from its avcC or hvcC record (4 if neither). */
  public int nalLengthSize() {
    if (hevc()) {
      return HvcConfig.parse(extradata).map(HvcConfig::lengthSize).orElse(4);
    }
    return AvcConfig.parse(extradata).map(AvcConfig::lengthSize).orElse(4);
  }

  /**
   * The source frames a clip from {@code inMicros} to {@code outMicros} shows at {@code fps} (the
   * stream's own rate), and their presentation times: every frame counted once, the last clip of a
   * source ending where the stream does.
   *
   * @param first the clip's first source frame
   * @param frames how many frames it shows
   * @param toEnd whether it runs to the stream's end
   * @param fromPts presentation time of the first frame
   * @param toPts presentation time of the frame after the last
   */
  public record FrameSpan(long first, long frames, boolean toEnd, long fromPts, long toPts) {

    /** The frame after the clip's last. */
    public long last() {
      return first + frames;
    }
  }

  /**
   * The frames of a clip from {@code inMicros} to {@code outMicros} at {@code fps}; an in point within
   * {@value #FRAME_SLACK} of a frame counts as on it (the video reader's timestamp slack).
   */
  public FrameSpan span(long inMicros, long outMicros, double fps) {
    long first = (long) Math.floor(inMicros * fps / 1e6 + FRAME_SLACK);
    long frames = Math.max(1, Math.round((outMicros - inMicros) * fps / 1e6));
    long endOfSource = frameOf(endPts, fps);
    boolean toEnd = first + frames >= endOfSource;
    if (toEnd) {
      frames = Math.max(1, endOfSource - first);
    }
    return new FrameSpan(first, frames, toEnd, ptsOf(first, fps), ptsOf(first + frames, fps));
  }

  /** The source frame shown at {@code pts}, counted from the stream's start. */
  public long frameOf(long pts, double fps) {
    return Math.round((pts - startPts) * (double) timeBaseNum / timeBaseDen * fps);
  }

  /** The presentation time of source frame {@code frame}. */
  public long ptsOf(long frame, double fps) {
    return startPts + Math.round(frame / fps * timeBaseDen / timeBaseNum);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VideoStreamFacts that && source.equals(that.source) && clipIndex == that.clipIndex
        && codec.equals(that.codec) && Arrays.equals(extradata, that.extradata) && sameTimeBase(that) && startPts == that.startPts && endPts == that.endPts;
  }

  @Override
  public int hashCode() {
    return 31 * source.hashCode() + Arrays.hashCode(extradata);
  }

  @Override
  public String toString() {
    return "VideoStreamFacts[" + source + ", " + extradata.length + " bytes of extradata, time base " + timeBaseNum
        + "/" + timeBaseDen + ", pts " + startPts + "-" + endPts + "]";
  }
}
