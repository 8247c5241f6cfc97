package dev.montage.ffmpeg.internal.media;

import org.bytedeco.javacv.FrameGrabber;

/**
 * A source the media sandbox would not open: FFmpeg identifies it as {@code format}, a demuxer that
 * opens other files or URLs named inside the media. Becomes
 * {@link dev.montage.core.SourceMediaException#refused} in {@link Failures#source}.
 */
public final class SandboxRefusal extends FrameGrabber.Exception {

  private static final long serialVersionUID = 1L;

  private final String format;

  /** The sandbox refused a source FFmpeg identifies as {@code format}. */
  public SandboxRefusal(String format) {
    super("the media sandbox refuses '" + format + "' sources");
    this.format = format;
  }

  /** The demuxer FFmpeg identified the source as, such as {@code hls}. */
  public String format() {
    return format;
  }
}
