package dev.montage.ffmpeg.internal.capture;

import dev.montage.core.SourceAccess;
import java.io.Serializable;
import java.util.Objects;

/**
 * How a pool's grabbers open and decode sources: the audio they resample to, the video decoder's
 * threads, and what FFmpeg may open besides the source itself.
 *
 * @param sampleRate audio rate grabbers resample to
 * @param channels audio channels grabbers remix to
 * @param decoderThreads video decoder threads, 0 for FFmpeg's automatic choice
 * @param access the media sandbox, see {@link SourceSandbox}
 */
public record Decoding(int sampleRate, int channels, int decoderThreads, SourceAccess access)
    implements Serializable {

  private static final long serialVersionUID = 1L;


  /** Checks for nulls. */
  public Decoding {
    Objects.requireNonNull(access, "access");
  }

  /** The output's audio, FFmpeg's decoder threads, sandboxed: what probing and copying use. */
  public static Decoding sandboxed(int sampleRate, int channels) {
    return new Decoding(sampleRate, channels, 0, SourceAccess.LOCAL_FILES);
  }
}
