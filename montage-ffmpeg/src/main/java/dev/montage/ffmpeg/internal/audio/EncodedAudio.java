package dev.montage.ffmpeg.internal.audio;

import dev.montage.core.LoudnessTarget;
import dev.montage.core.MusicBed;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.StreamTemplate;
import dev.montage.ffmpeg.internal.join.AudioFeed;
import dev.montage.ffmpeg.internal.join.AudioSource;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.jspecify.annotations.Nullable;

/**
 * The timeline's PCM, one file per segment in order, mixed with the music bed and encoded to AAC
 * once over the whole timeline (no encoder priming per segment, so no drift). The AAC encoder is
 * flushed by hand: JavaCV's stop() skips it in packet-copy mode.
 *
 * @param pcmFiles the segments' PCM files in timeline order
 * @param music the music bed, or {@code null}
 * @param codec the audio codec encoded
 * @param ducking where the music drops under the clips' own sound
 * @param loudness the loudness the mix is normalised to (measured in a first pass), or {@code null}
 * @param musicPcm the music bed as a worker process decoded it (16-bit little-endian PCM at the
 *     output's rate and channels, the bed's samples only), or {@code null} to decode it here
 */
public record EncodedAudio(List<Path> pcmFiles, @Nullable MusicBed music, Codec codec, DuckingEnvelope ducking,
    @Nullable LoudnessTarget loudness, @Nullable Path musicPcm) implements AudioSource {

  /** The audio codecs encoded: AAC, and Opus for WebM. */
  public enum Codec {
    /** AAC-LC at 192 kbit/s: transparent for stereo. */
    AAC("aac", "AAC", 192_000),
    /** Opus at 128 kbit/s (transparent for stereo): WebM's audio. */
    OPUS("libopus", "Opus", 128_000);

    private final String encoder;
    private final String displayName;
    private final int bitrate;

    Codec(String encoder, String displayName, int bitrate) {
      this.encoder = encoder;
      this.displayName = displayName;
      this.bitrate = bitrate;
    }

    /** The codec's usual name. */
    public String displayName() {
      return displayName;
    }
  }
  /** Sample frames of the music bed read at a time; a bed that ends within one is padded with silence. */
  public static final int MUSIC_STEP = 1024;
  /** Sample frames handed to the AAC encoder per call. */
  static final int CHUNK = 4096;

  public EncodedAudio {
    pcmFiles = List.copyOf(pcmFiles);
  }

  @Override
  public @Nullable Path streamTemplate() {
    return null;
  }

  @Override
  public void configure(FFmpegFrameRecorder recorder, OutputFormat format) {
    recorder.setAudioCodecName(codec.encoder);
    recorder.setSampleRate(format.sampleRate());
    recorder.setAudioBitrate(codec.bitrate);
  }

  @Override
  public AudioFeed open(CapturePool pool, FFmpegFrameRecorder recorder, StreamTemplate template, OutputFormat format,
      long totalSamples) throws IOException {
    double gain = 1;
    LoudnessTarget target = loudness;
    if (target != null) {
      gain = LoudnessGain.measure(pool, this, format, totalSamples, target);
    }
    PcmTimeline pcm = new PcmTimeline(pcmFiles, format.channels());
    try {
      MusicMixer mixer = MusicMixer.open(pool, this, format, totalSamples);
      return new AacWriter(recorder, pcm, mixer, format, totalSamples, gain);
    } catch (IOException | RuntimeException | Error e) {
      pcm.close();
      throw e;
    }
  }

  /** Feeds PCM (+ music) to the recorder's AAC encoder in order. */
  private static final class AacWriter implements AudioFeed {
    private final FFmpegFrameRecorder recorder;
    private final PcmTimeline pcm;
    private final MusicMixer mixer;
    private final OutputFormat format;
    private final long totalSamples;
    private final short[] chunk;
    private final ShortBuffer chunkBuffer;
    private final double gain;
    private long written;

    AacWriter(FFmpegFrameRecorder recorder, PcmTimeline pcm, MusicMixer mixer, OutputFormat format, long totalSamples,
        double gain) {
      this.gain = gain;
      this.recorder = recorder;
      this.pcm = pcm;
      this.mixer = mixer;
      this.format = format;
      this.totalSamples = totalSamples;
      this.chunk = new short[CHUNK * format.channels()];
      this.chunkBuffer = ShortBuffer.wrap(chunk);
    }

    @Override
    public void writeUntil(long sample) throws IOException, FrameRecorder.Exception {
      sample = Math.min(sample, totalSamples);
      while (written < sample) {
        int frames = (int) Math.min(CHUNK, sample - written);
        pcm.read(chunk, frames);
        mixer.mixInto(chunk, frames, written);
        if (gain != 1) {
          for (int i = 0; i < frames * format.channels(); i++) {
            chunk[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(chunk[i] * gain)));
          }
        }
        chunkBuffer.clear().limit(frames * format.channels());
        recorder.recordSamples(format.sampleRate(), format.channels(), chunkBuffer);
        written += frames;
      }
    }

    @Override
    public void finish() throws FrameRecorder.Exception {
      for (int i = 0; i < 64 && recorder.recordSamples(0, 0, (Buffer[]) null); i++) {
        // drain the AAC encoder's delayed packets
      }
    }

    @Override
    public void close() {
      try {
        pcm.close();
      } finally {
        mixer.close();
      }
    }
  }
}
