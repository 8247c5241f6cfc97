package dev.montage.testkit;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a synthetic video looks and sounds like; {@link SyntheticMedia#write} turns it into a file.
 * Create one with {@link #of} and adjust it with the {@code with...} methods, each of which returns a
 * new spec.
 *
 * <p>Every frame carries its index as a 12-bit barcode in the middle third of the picture, the first
 * frame of every whole second is a white flash, and the audio is a continuous sine with a loud click
 * at every whole second. See {@link SyntheticMedia} for the exact layout.
 *
 * @param width frame width in pixels, at least {@value #MIN_SIDE}; odd widths are accepted (see
 *     {@link SyntheticMedia#write} for what the encoder makes of them)
 * @param height frame height in pixels, at least {@value #MIN_SIDE}
 * @param fps nominal frames per second, {@code 0 < fps <= 240}
 * @param duration length of the video; the file has {@link #frameCount()} frames
 * @param audio whether the file has an audio stream ({@link #audioCodec}, {@link #sampleRate},
 *     {@link #channels}); default {@code true}
 * @param rotation display rotation written as the stream's display matrix: 0 (default), 90, 180 or
 *     270 degrees clockwise, as a player turns the stored picture to show it (the meaning of the
 *     legacy {@code rotate} tag; a phone's portrait video is 90). FFmpeg reports it in its
 *     counter-clockwise convention: {@code FFmpegFrameGrabber.getDisplayRotation()} returns
 *     {@code -rotation}, so 90 reads back as -90. The stored picture is not turned.
 * @param codec FFmpeg video encoder name; default {@value #DEFAULT_CODEC}, {@code "libopenh264"} for
 *     H.264 (the LGPL build has no libx264)
 * @param toneHz frequency of the continuous sine on the audio, 20 to 20000 Hz; default
 *     {@value #DEFAULT_TONE_HZ}
 * @param variableFrameRate whether frame timestamps are jittered by up to a quarter frame around
 *     their nominal time (a variable-frame-rate file with {@code fps} on average); default
 *     {@code false}
 * @param container container format by file extension, such as {@code mp4} (default), {@code mov},
 *     {@code mkv} or {@code m4v}
 * @param seed seed of everything random in the file (the frame-time jitter); default 0
 * @param audioCodec FFmpeg audio encoder name for the audio stream; default
 *     {@value #DEFAULT_AUDIO_CODEC}; others such as {@code libmp3lame}, {@code libopus}, {@code mp2}
 *     or {@code pcm_s16le} must be accepted by the container (and, for containers other than
 *     mp4/mov/m4v, by mp4, through which they are written)
 * @param sampleRate audio samples per second, 8000 to 96000; default {@value #DEFAULT_SAMPLE_RATE}
 * @param channels audio channels, 1 (mono) to 8, each carrying the same signal; default
 *     {@value #DEFAULT_CHANNELS}
 * @param videoOptions options handed to the video encoder, such as {@code profile=main} and
 *     {@code coder=cabac} for libopenh264 (so two files come from differently set encoders); default
 *     none
 */
public record SyntheticSpec(
    int width,
    int height,
    double fps,
    Duration duration,
    boolean audio,
    int rotation,
    String codec,
    int toneHz,
    boolean variableFrameRate,
    String container,
    long seed,
    String audioCodec,
    int sampleRate,
    int channels,
    Map<String, String> videoOptions) {

  /** Smallest side accepted: the barcode needs 12 bars across and three bands down. */
  public static final int MIN_SIDE = 16;
  /** Default video encoder: MPEG-4 Part 2, fast and present in every FFmpeg build. */
  public static final String DEFAULT_CODEC = "mpeg4";
  /** Default tone: concert A, far from the 1 kHz click and easy to tell from other tones. */
  public static final int DEFAULT_TONE_HZ = 440;
  /** Default audio encoder: AAC, which every container the testkit writes by default accepts. */
  public static final String DEFAULT_AUDIO_CODEC = "aac";
  /** Default audio sample rate: 48 kHz, what video cameras and phones record. */
  public static final int DEFAULT_SAMPLE_RATE = 48_000;
  /** Default audio channels: stereo (the same signal on both). */
  public static final int DEFAULT_CHANNELS = 2;
  /** Default container. */
  public static final String DEFAULT_CONTAINER = "mp4";
  /** Highest frame rate accepted, matching what a montage accepts as output. */
  public static final double MAX_FPS = 240;

  /** Longest duration accepted; anything longer is a typo (and would take hours to write). */
  public static final Duration MAX_DURATION = Duration.ofHours(24);

  private static final Set<Integer> ROTATIONS = Set.of(0, 90, 180, 270);

  /**
   * Validates every component.
   *
   * @throws IllegalArgumentException naming the component, its value and the rule
   */
  public SyntheticSpec {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(audioCodec, "audioCodec");
    videoOptions = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(videoOptions, "videoOptions")));
    if (width < MIN_SIDE || height < MIN_SIDE) {
      throw new IllegalArgumentException(
          "size must be at least " + MIN_SIDE + "x" + MIN_SIDE + " but was " + width + "x" + height);
    }
    if (!(fps > 0) || fps > MAX_FPS) {
      throw new IllegalArgumentException("fps must be > 0 and <= " + MAX_FPS + " but was " + fps);
    }
    if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("duration must be > 0 and <= " + MAX_DURATION + " but was " + duration);
    }
    if (!ROTATIONS.contains(rotation)) {
      throw new IllegalArgumentException("rotation must be one of 0, 90, 180, 270 but was " + rotation);
    }
    if (codec.isBlank()) {
      throw new IllegalArgumentException("codec must not be blank");
    }
    if (audioCodec.isBlank()) {
      throw new IllegalArgumentException("audioCodec must not be blank");
    }
    if (toneHz < 20 || toneHz > 20_000) {
      throw new IllegalArgumentException("toneHz must be 20 to 20000 but was " + toneHz);
    }
    if (container.isBlank() || !container.matches("[A-Za-z0-9]+")) {
      throw new IllegalArgumentException(
          "container must be a file extension such as mp4 but was '" + container + "'");
    }
    if (sampleRate < 8000 || sampleRate > 96_000) {
      throw new IllegalArgumentException("sampleRate must be 8000 to 96000 but was " + sampleRate);
    }
    if (channels < 1 || channels > 8) {
      throw new IllegalArgumentException("channels must be 1 to 8 but was " + channels);
    }
    container = container.toLowerCase(Locale.ROOT);
  }

  /**
   * A spec with {@value #DEFAULT_AUDIO_CODEC} audio, no rotation, the {@value #DEFAULT_CODEC} codec, a
   * {@value #DEFAULT_TONE_HZ} Hz tone, constant frame rate, an mp4 container and seed 0.
   *
   * @throws IllegalArgumentException when a value is out of range
   */
  public static SyntheticSpec of(int width, int height, double fps, Duration duration) {
    return new SyntheticSpec(width, height, fps, duration, true, 0, DEFAULT_CODEC, DEFAULT_TONE_HZ,
        false, DEFAULT_CONTAINER, 0, DEFAULT_AUDIO_CODEC, DEFAULT_SAMPLE_RATE, DEFAULT_CHANNELS, Map.of());
  }

  /** This spec with or without an audio stream. */
  public SyntheticSpec withAudio(boolean audio) {
    return new SyntheticSpec(width, height, fps, duration, audio, rotation, codec, toneHz,
        variableFrameRate, container, seed, audioCodec, sampleRate, channels, videoOptions);
  }

  /** This spec with a display rotation of 0, 90, 180 or 270 degrees clockwise. */
  public SyntheticSpec withRotation(int degrees) {
    return new SyntheticSpec(width, height, fps, duration, audio, degrees, codec, toneHz,
        variableFrameRate, container, seed, audioCodec, sampleRate, channels, videoOptions);
  }

  /** This spec with another FFmpeg video encoder, such as {@code libopenh264}. */
  public SyntheticSpec withCodec(String codec) {
    return new SyntheticSpec(width, height, fps, duration, audio, rotation, codec, toneHz,
        variableFrameRate, container, seed, audioCodec, sampleRate, channels, videoOptions);
  }

  /** This spec with another tone frequency in Hz, so tests can tell sources apart by ear. */
  public SyntheticSpec withToneHz(int hz) {
    return new SyntheticSpec(width, height, fps, duration, audio, rotation, codec, hz,
        variableFrameRate, container, seed, audioCodec, sampleRate, channels, videoOptions);
  }

  /** This spec with jittered (variable) or even (constant) frame timestamps. */
  public SyntheticSpec withVariableFrameRate(boolean variable) {
    return new SyntheticSpec(width, height, fps, duration, audio, rotation, codec, toneHz, variable,
        container, seed, audioCodec, sampleRate, channels, videoOptions);
  }

  /** This spec in another container, given as its file extension ({@code mov}, {@code mkv}...). */
  public SyntheticSpec withContainer(String container) {
    return new SyntheticSpec(width, height, fps, duration, audio, rotation, codec, toneHz,
        variableFrameRate, container, seed, audioCodec, sampleRate, channels, videoOptions);
  }

  /** This spec with another seed for its random parts. */
  public SyntheticSpec withSeed(long seed) {
    return new SyntheticSpec(width, height, fps, duration, audio, rotation, codec, toneHz,
        variableFrameRate, container, seed, audioCodec, sampleRate, channels, videoOptions);
  }

  /**
   * This spec with another FFmpeg audio encoder for its sound, such as {@code libopus} or
   * {@code pcm_s16le}.
   */
  public SyntheticSpec withAudioCodec(String audioCodec) {
    return new SyntheticSpec(width, height, fps, duration, audio, rotation, codec, toneHz,
        variableFrameRate, container, seed, audioCodec, sampleRate, channels, videoOptions);
  }

  /**
   * This spec with another audio sample rate and channel count, such as {@code 44_100, 2} (music
   * gear) or {@code 48_000, 1} (a phone's or camera's mono microphone).
   */
  public SyntheticSpec withAudioFormat(int sampleRate, int channels) {
    return new SyntheticSpec(width, height, fps, duration, audio, rotation, codec, toneHz,
        variableFrameRate, container, seed, audioCodec, sampleRate, channels, videoOptions);
  }

  /**
   * This spec with {@code options} handed to the video encoder (FFmpeg's {@code -option value}), such
   * as {@code Map.of("profile", "main", "coder", "cabac")} for libopenh264.
   */
  public SyntheticSpec withVideoOptions(Map<String, String> options) {
    return new SyntheticSpec(width, height, fps, duration, audio, rotation, codec, toneHz,
        variableFrameRate, container, seed, audioCodec, sampleRate, channels, options);
  }

  /** Frames in the file: {@code duration * fps} rounded, at least one. */
  public int frameCount() {
    return (int) Math.max(1, Math.round(duration.toNanos() / 1e9 * fps));
  }

  /** A file name that differs whenever the spec differs, such as {@code 160x120-30fps-1000ms-....mp4}. */
  public String fileName() {
    long nanos = duration.toNanos();
    String length = nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms"
        : nanos % 1000 == 0 ? nanos / 1000 + "us" : nanos + "ns";
    String options = videoOptions.isEmpty() ? ""
        : String.format(Locale.ROOT, "-o%08x", videoOptions.toString().hashCode());
    return String.format(Locale.ROOT, "%dx%d-%sfps-%s-%s-r%d-%s%s-%dhz-%s-s%d.%s",
        width, height, fpsText(), length,
        audio ? audioCodec.replaceAll("[^A-Za-z0-9]", "_") + sampleRate + "c" + channels : "mute", rotation,
        codec.replaceAll("[^A-Za-z0-9]", "_"), options, toneHz, variableFrameRate ? "vfr" : "cfr", seed,
        container);
  }

  private String fpsText() {
    String text = Double.toString(fps);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text.replace('.', '_');
  }
}
