package dev.montage.testkit;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Synthetic or faulty media could not be written. The message names the file and what was being
 * written; FFmpeg's or the file system's own error is the {@link #getCause() cause}.
 */
public final class SyntheticMediaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String file;

  private SyntheticMediaException(String message, Path file, @Nullable Throwable cause) {
    super(message, cause);
    this.file = file.toString();
  }

  /** Writing {@code file} from {@code what} failed with {@code cause}. */
  public static SyntheticMediaException writeFailed(Path file, String what, Throwable cause) {
    String text = cause.getMessage();
    return new SyntheticMediaException("could not write synthetic media " + file + " (" + what + "): "
        + (text == null || text.isBlank() ? cause.getClass().getSimpleName() : text), file, cause);
  }

  /** The FFmpeg build has no encoder called {@code codec}. */
  public static SyntheticMediaException noEncoder(Path file, String codec, String ffmpegVersion) {
    return new SyntheticMediaException("could not write synthetic media " + file + ": FFmpeg "
        + ffmpegVersion + " has no encoder '" + codec + "' (the LGPL build has mpeg4 and libopenh264,"
        + " not libx264)", file, null);
  }

  /** The file that could not be written. */
  public Path file() {
    return Path.of(file);
  }
}
