package dev.montage.core;

/**
 * What a render does when part of a clip's span has no decodable picture (packets that fail to
 * decode, a video stream that ends before the clip's out point) and the previous frame had to be
 * held in its place. Legitimately long frames, as in variable-frame-rate screen recordings, are not
 * damage and never count.
 */
public enum DamageResponse {

  /**
   * The default: render with the held frame, and report each damaged clip (file, span, how long a
   * frame was held) in {@link RenderResult#warnings()} and one WARN log line.
   */
  WARN,

  /** Fail the job with {@link SourceMediaException} naming the first damaged clip instead. */
  FAIL
}
