package dev.montage.ffmpeg.internal.plan;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to render one segment, as a plain serialisable value: the output frame range
 * [{@code firstFrame}, {@code endFrame}) of the global timeline, the clips that show in it, the
 * format, the encoder, and the two files it writes (H.264 video, raw PCM audio), named relative to
 * the job's work directory so that a worker in another process can resolve them against its own
 * view of it. Rendering it touches nothing else.
 *
 * @param index 0-based segment number
 * @param firstFrame first global output frame
 * @param endFrame global output frame after the last
 * @param clips clips showing in the range, in timeline order
 * @param captions texts over the montage that show in the range, in drawing order
 * @param format output format
 * @param encoder video encoder settings
 * @param videoFile name of the segment's video file in the work directory
 * @param audioFile name of the segment's PCM file in the work directory, empty for none
 * @param spanBytes the most bytes one of its clips reads (its span of the source, pro rata), for
 *     the stall budget
 */
public record SegmentPlan(
    int index,
    long firstFrame,
    long endFrame,
    List<PlannedClip> clips,
    List<Caption> captions,
    OutputFormat format,
    EncoderSettings encoder,
    String videoFile,
    String audioFile,
    long spanBytes) implements Serializable {

  private static final long serialVersionUID = 3L;

  /** Copies the lists. */
  public SegmentPlan {
    clips = List.copyOf(clips);
    captions = List.copyOf(captions);
  }

  /** Frames this segment writes. */
  public long frameCount() {
    return endFrame - firstFrame;
  }

  /** The video file in {@code workDir}. */
  public Path videoPath(Path workDir) {
    return workDir.resolve(videoFile);
  }

  /** The PCM file in {@code workDir}; only when {@link #hasAudioFile()}. */
  public Path audioPath(Path workDir) {
    return workDir.resolve(audioFile);
  }

  /** Whether the segment writes its audio (smart-cut pieces do not: the joiner takes the timeline's). */
  public boolean hasAudioFile() {
    return !audioFile.isEmpty();
  }

  /**
   * One clip on the global timeline.
   *
   * @param clipIndex 0-based index in the job
   * @param source the source file
   * @param inMicros in point in the source
   * @param startFrame global frame where the clip starts showing (its entrance included)
   * @param frameCount frames the clip shows (the transitions at both ends included)
   * @param rotation clockwise display rotation of the source
   * @param fitWidth width the source is scaled to, before rotation
   * @param fitHeight height the source is scaled to, before rotation
   * @param hasAudio whether the source has audio
   * @param sourceFps source frame rate
   * @param sourceMicros length of the source
   * @param gain factor of the clip's own sound (0: muted, 1: as recorded)
   * @param speed how fast the clip plays (1: as recorded; 2: twice as fast)
   * @param entrance how the clip comes in over the one before it ({@link Entrance#CUT} for the first)
   * @param still whether the source is a still image (else a video, or a title card)
   * @param motion how the picture moves ({@link Motion#WHOLE}: shown whole, unmoving); where it
   *     crops, the fitted size is the size the picture is decoded at (see {@code
   *     TimelinePlanner.zoomedSize})
   * @param title a title card's text (drawn over the whole clip), or {@code null} for a clip of a file
   */
  public record PlannedClip(
      int clipIndex,
      String source,
      long inMicros,
      long startFrame,
      long frameCount,
      int rotation,
      int fitWidth,
      int fitHeight,
      boolean hasAudio,
      double sourceFps,
      long sourceMicros,
      double gain,
      double speed,
      Entrance entrance,
      boolean still,
      Motion motion,
      @Nullable Caption title) implements Serializable {

    private static final long serialVersionUID = 4L;

    /** Whether the clip's own sound is heard: the source has some and the clip is not muted. */
    public boolean audible() {
      return hasAudio && gain > 0;
    }

    /** Multiplies interleaved {@code samples[from, to)} by {@link #gain}, clipping at full scale. */
    public void applyGain(short[] samples, int from, int to) {
      if (gain == 1) {
        return;
      }
      for (int i = from; i < to; i++) {
        long value = Math.round(samples[i] * gain);
        samples[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
      }
    }

    /** Where local output frame {@code local} of the clip lies in its source: its speed applied. */
    public long sourceMicrosAt(long local, OutputFormat format) {
      return inMicros + Math.round(local * 1_000_000.0 * speed / format.fps());
    }

    /** Global frame after the clip's last. */
    public long endFrame() {
      return startFrame + frameCount;
    }
  }

  /**
   * The output's format.
   *
   * @param width frame width
   * @param height frame height
   * @param fps frames per second
   * @param sampleRate audio samples per second
   * @param channels audio channels
   */
  public record OutputFormat(int width, int height, double fps, int sampleRate, int channels)
      implements Serializable {

    private static final long serialVersionUID = 1L;

    /** First global audio sample (per channel) of global frame {@code frame}: drift-free. */
    public long sampleAt(long frame) {
      return Math.round(frame * (double) sampleRate / fps);
    }

    /** Source-time offset in microseconds of local frame {@code frame}. */
    public long microsAt(long frame) {
      return Math.round(frame * 1_000_000.0 / fps);
    }
  }

  /**
   * Video encoder settings.
   *
   * @param codec FFmpeg encoder name, such as {@code libx264}, {@code libopenh264} or {@code libsvtav1}
   * @param preset x264's or x265's preset, empty for encoders without one
   * @param crf the constant rate factor of x264 or x265, or -1 to encode at {@code bitrate}
   * @param bitrate bits per second for encoders without CRF
   * @param gop keyframe interval in frames
   * @param threads encoder threads, 0 for automatic
   * @param x264Params extra libx264 parameters ({@code key=value:key=value}), empty for none
   * @param profile H.264 profile to encode ({@code baseline}, {@code main}, {@code high}), empty for
   *     the encoder's choice
   */
  public record EncoderSettings(String codec, String preset, int crf, long bitrate, int gop, int threads,
      String x264Params, String profile) implements Serializable {

    private static final long serialVersionUID = 2L;

    /**
     * These settings for pieces spliced between copied GOPs: the sources' profile ({@code main10}
     * also means 10-bit pictures).
     */
    public EncoderSettings forSplicing(String sourceProfile) {
      return new EncoderSettings(codec, preset, crf, bitrate, gop, threads, x264Params, sourceProfile);
    }

    /**
     * These settings with H.264 parameter sets under id {@code parameterSetId}, so that they can sit
     * beside the sources' in one avcC record.
     */
    public EncoderSettings withParameterSetId(int parameterSetId) {
      String spsId = "sps-id=" + parameterSetId;
      return new EncoderSettings(codec, preset, crf, bitrate, gop, threads,
          x264Params.isEmpty() ? spsId : x264Params + ":" + spsId, profile);
    }
  }
}
