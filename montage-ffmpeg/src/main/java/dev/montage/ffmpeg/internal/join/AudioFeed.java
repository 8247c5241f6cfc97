package dev.montage.ffmpeg.internal.join;

import java.io.IOException;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/** Writes the output's audio into the joiner's recorder in step with the video, up to a sample. */
public interface AudioFeed extends AutoCloseable {

  /** Writes audio up to {@code sample} (clamped to the timeline's end). */
  void writeUntil(long sample) throws IOException, FrameGrabber.Exception, FrameRecorder.Exception;

  /** Writes what is still held back (encoder delay). */
  void finish() throws FrameRecorder.Exception;

  @Override
  void close();
}
