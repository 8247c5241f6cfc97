package dev.montage.ffmpeg.internal.read;

import dev.montage.ffmpeg.internal.compose.Canvas;
import java.util.Optional;

/**
 * One clip's picture on the output frame grid, drawn into a canvas of its own: a video read
 * forward from one seek ({@link VideoReader}) or a still image ({@link StillReader}).
 */
public interface ClipPicture extends AutoCloseable {

  /** The canvas showing local output frame {@code local} of the clip (frames are asked in order). */
  Canvas frameAt(long local);

  /** The canvas this picture draws into, to give back to its pool when the clip ends. */
  Canvas canvas();

  /** The damage found in the clip's source, as one sentence, where any was (see {@link VideoReader}); none for a drawn picture. */
  default Optional<String> damageReport() {
    return Optional.empty();
  }

  /** Releases what the picture holds of its source; nothing for a picture that holds none. */
  @Override
  default void close() {
    // A still or a title holds nothing once drawn.
  }
}
