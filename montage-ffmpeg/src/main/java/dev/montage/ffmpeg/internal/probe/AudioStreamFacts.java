package dev.montage.ffmpeg.internal.probe;

import java.io.Serializable;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.media.SourceClock;
import dev.montage.ffmpeg.internal.media.Streams;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * What copying a source's audio needs to know of its audio stream, as data read from its header:
 * codec, decoder configuration, what the decoder says it outputs, and where the stream ends.
 *
 * @param source the source file
 * @param codec FFmpeg's name of the codec: {@code aac}, {@code opus}...
 * @param extradata the decoder configuration (for AAC its AudioSpecificConfig)
 * @param sampleRate samples per second the decoder reports
 * @param channels channels the decoder reports
 * @param frameSize samples per frame the decoder reports (0: not given)
 * @param endMicros where the stream ends, from the source's time zero (as in points are); -1 when the
 *     container does not say
 */
public record AudioStreamFacts(String source, String codec, byte[] extradata, int sampleRate, int channels,
    int frameSize, long endMicros) implements Serializable {

  /** Copies the extradata. */
  public AudioStreamFacts {
    extradata = extradata.clone();
  }

  /** The audio stream of {@code source}, first used by clip {@code clipIndex}; empty when it has none. */
  public static Optional<AudioStreamFacts> read(CapturePool pool, String source, int clipIndex) {
    try (GrabberLease lease = pool.leaseSource(Path.of(source), clipIndex)) {
      AVStream stream = Streams.audio(lease.grabber());
      if (stream == null) {
        return Optional.empty();
      }
      AVCodecParameters parameters = stream.codecpar();
      long end = stream.duration() > 0
          ? SourceClock.startMicros(stream) - SourceClock.zeroMicros(lease.grabber())
              + Math.round(stream.duration() * 1e6 * stream.time_base().num() / stream.time_base().den())
          : -1;
      return Optional.of(new AudioStreamFacts(source, avcodec.avcodec_get_name(parameters.codec_id()).getString(),
          Streams.extradata(stream), parameters.sample_rate(), parameters.ch_layout().nb_channels(),
          parameters.frame_size(), end));
    }
  }

  @Override
  public byte[] extradata() {
    return extradata.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AudioStreamFacts that && source.equals(that.source) && codec.equals(that.codec)
        && Arrays.equals(extradata, that.extradata) && sampleRate == that.sampleRate && channels == that.channels
        && frameSize == that.frameSize && endMicros == that.endMicros;
  }

  @Override
  public int hashCode() {
    return 31 * source.hashCode() + Arrays.hashCode(extradata);
  }

  @Override
  public String toString() {
    return "AudioStreamFacts[" + source + ", " + codec + ", " + sampleRate + " Hz, " + channels + " channels, ends at "
        + endMicros + " us]";
  }
}
