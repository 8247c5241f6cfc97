package dev.montage.ffmpeg.internal.probe;

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
    long startPts, long endPts, String codec) {

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
