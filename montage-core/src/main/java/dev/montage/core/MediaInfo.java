package dev.montage.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the renderer sees in a media file.
 *
 * @param path the file
 * @param sizeBytes file size
 * @param width coded width in pixels
 * @param height coded height in pixels
 * @param frameRate average frames per second
 * @param duration length of the file
 * @param rotation clockwise degrees the picture is turned for display: 0, 90, 180 or 270
 * @param videoCodec video codec name, such as {@code h264}
 * @param pixelFormat decoded pixel format name, such as {@code yuv420p}
 * @param audioCodec audio codec name, or {@code null} without audio
 * @param audioChannels audio channels, 0 without audio
 * @param audioSampleRate audio samples per second, 0 without audio
 */
public record MediaInfo(
    Path path,
    long sizeBytes,
    int width,
    int height,
    double frameRate,
    Duration duration,
    int rotation,
    String videoCodec,
    String pixelFormat,
    @Nullable String audioCodec,
    int audioChannels,
    int audioSampleRate) {

  /** Whether the file has an audio stream. */
  public boolean hasAudio() {
    return audioChannels > 0;
  }

  /** The audio codec name, if the file has audio. */
  public Optional<String> audio() {
    return Optional.ofNullable(audioCodec);
  }

  /** Width as displayed (after rotation). */
  public int displayWidth() {
    return rotation % 180 == 0 ? width : height;
  }

  /** Height as displayed (after rotation). */
  public int displayHeight() {
    return rotation % 180 == 0 ? height : width;
  }
}
