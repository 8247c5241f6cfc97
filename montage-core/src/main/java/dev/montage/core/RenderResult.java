package dev.montage.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a finished render produced.
 *
 * @param output the finished video
 * @param duration the video's duration
 * @param frameCount the number of video frames written
 * @param wallTime how long the render took
 * @param segments how many segments the job was split into
 * @param videoEncoder the video encoder used, such as {@code libx264}, {@code libopenh264} or
 *     {@code libsvtav1}; {@code copy} when nothing was encoded
 * @param mode whether the video was re-encoded, copied, or both (smart cut)
 * @param audio how the output's audio was made: copied from the sources or encoded, and why
 * @param warnings what the caller must hear about a render that succeeded, each one sentence:
 *     settings it could not honour, naming the setting, its value and what was done instead (such
 *     as a {@code crf} given to libopenh264, which has none), and damaged sources rendered with a
 *     held frame, naming the clip, the file, the span and how long a frame was held (see
 *     {@link DamageResponse}); empty when there is nothing to say. Each kind is also logged in one
 *     WARN line.
 */
public record RenderResult(
    Path output,
    Duration duration,
    long frameCount,
    Duration wallTime,
    int segments,
    String videoEncoder,
    RenderMode mode,
    Audio audio,
    List<String> warnings) {

  /** Checks for nulls and copies the warnings. */
  public RenderResult {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(wallTime, "wallTime");
    Objects.requireNonNull(videoEncoder, "videoEncoder");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(audio, "audio");
    warnings = List.copyOf(warnings);
  }

  /** Output frames per second of wall time: the render's speed. */
  public double framesPerSecond() {
    double seconds = wallTime.toNanos() / 1e9;
    return seconds <= 0 ? 0 : frameCount / seconds;
  }

  /**
   * The output's audio stream: the sources' AAC copied packet for packet, which keeps their sample
   * rate and channels, or decoded, mixed and encoded at 48 kHz stereo (AAC; Opus in WebM).
   *
   * @param copied whether the sources' AAC was copied rather than encoded
   * @param codec the audio codec's usual name: {@code AAC} or {@code Opus}
   * @param sampleRate the output's audio samples per second
   * @param channels the output's audio channels
   * @param reason why, in words: for encoded audio, what kept it from being copied
   */
  public record Audio(boolean copied, String codec, int sampleRate, int channels, String reason) {

    /** Checks the values. */
    public Audio {
      Objects.requireNonNull(codec, "codec");
      Objects.requireNonNull(reason, "reason");
      if (sampleRate <= 0 || channels <= 0) {
        throw new IllegalArgumentException("sampleRate and channels must be > 0 but were " + sampleRate + ", "
            + channels);
      }
    }

    /** In words, such as {@code AAC 44100 Hz mono, copied: ...}. */
    public String describe() {
      String layout = channels == 1 ? "mono" : channels == 2 ? "stereo" : channels + " channels";
      return codec + " " + sampleRate + " Hz " + layout + ", " + (copied ? "copied" : "encoded") + ": " + reason;
    }
  }

  /** How the video was produced. */
  public enum RenderMode {
    /** Every frame decoded, scaled and encoded again. */
    REENCODE,
    /** Compressed video copied from the sources without re-encoding. */
    STREAM_COPY,
    /**
     * Whole GOPs copied from the sources; only the frames between each off-keyframe cut and the
     * next keyframe re-encoded.
     */
    SMART_CUT
  }
}
