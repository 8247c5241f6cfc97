package dev.montage.testkit;

import dev.montage.testkit.internal.MediaLayout;
import java.time.Duration;

/**
 * A container {@link FuzzCorpus} mutates, with the small valid source it starts from: 1.2 seconds
 * (30 frames, keyframes at 0 and 1 s, so there are two GOPs to seek between) of 160x120 synthetic
 * video at 25 fps with stereo 48 kHz sound, encoded with codecs typical of the container and present
 * in JavaCV's LGPL FFmpeg build. Sources are 25 to 45 KB, the MOV's 16-bit PCM makes it about 270 KB.
 */
public enum FuzzContainer {
  /** MP4 with MPEG-4 Part 2 video and AAC, index at the front. */
  MP4("mp4", "mpeg4", "aac", MediaLayout.Syntax.ISO_BMFF),
  /** QuickTime with Motion JPEG and 16-bit PCM, as older cameras write it. */
  MOV("mov", "mjpeg", "pcm_s16le", MediaLayout.Syntax.ISO_BMFF),
  /** Matroska with H.264 (OpenH264, Baseline) and AAC. */
  MKV("mkv", "libopenh264", "aac", MediaLayout.Syntax.EBML),
  /** WebM with VP9 and Opus. */
  WEBM("webm", "libvpx-vp9", "libopus", MediaLayout.Syntax.EBML),
  /** AVI with MPEG-4 Part 2 video and MP3, as Xvid files are. */
  AVI("avi", "mpeg4", "libmp3lame", MediaLayout.Syntax.RIFF),
  /** MPEG transport stream with MPEG-2 video and MP2, as broadcast recordings are. */
  MPEG_TS("ts", "mpeg2video", "mp2", MediaLayout.Syntax.MPEG_TS);

  /**
   * Length of every source. A second would do but for one of Montage's limits found by this corpus:
   * a one-GOP MPEG-2 transport stream of 1 s rendered as "no video frame at or after the in point".
   */
  private static final Duration SOURCE_LENGTH = Duration.ofMillis(1200);

  private final String extension;
  private final String videoCodec;
  private final String audioCodec;
  private final MediaLayout.Syntax syntax;

  FuzzContainer(String extension, String videoCodec, String audioCodec, MediaLayout.Syntax syntax) {
    this.extension = extension;
    this.videoCodec = videoCodec;
    this.audioCodec = audioCodec;
    this.syntax = syntax;
  }

  /** File extension, which is how FFmpeg and the testkit pick the container: {@code mp4}, {@code ts}... */
  public String extension() {
    return extension;
  }

  /** The spec of this container's valid source. */
  public SyntheticSpec sourceSpec() {
    return SyntheticSpec.of(160, 120, 25, SOURCE_LENGTH)
        .withContainer(extension).withCodec(videoCodec).withAudioCodec(audioCodec);
  }

  MediaLayout.Syntax syntax() {
    return syntax;
  }
}
