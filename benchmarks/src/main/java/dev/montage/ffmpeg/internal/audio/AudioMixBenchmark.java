package dev.montage.ffmpeg.internal.audio;

import dev.montage.benchmarks.BenchmarkBase;
import dev.montage.core.MusicBed;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.read.AudioReader;
import dev.montage.ffmpeg.internal.segment.SegmentWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-frame audio work, one output frame (1,600 stereo sample frames at 48 kHz and 30 fps) per
 * operation.
 *
 * <ul>
 *   <li>{@link #musicBed}: the real {@link MusicMixer#mixInto}, reading a 20 s 48 kHz stereo WAV
 *       through a real {@link CapturePool} grabber (so decoding PCM and the loop's rewind every 20 s
 *       are included), applying volume and fades and saturating into the timeline's samples.
 *   <li>{@link #crossfade}: the crossfade branch of {@code SegmentWriter.mixAudio}, which is a private
 *       static method and cannot be called from here; this is a copy of its arithmetic (complementary
 *       linear gains over the fade, per sample and channel) on samples already read, without the two
 *       {@code AudioReader.read} calls that precede it.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar AudioMixBenchmark
 * }</pre>
 */
public class AudioMixBenchmark extends BenchmarkBase {

  static final int SAMPLE_RATE = 48_000;
  static final int CHANNELS = 2;
  static final double FPS = 30;
  static final int FRAME_SAMPLES = (int) (SAMPLE_RATE / FPS);

  /** {@link MusicMixer#mixInto} for one output frame, at a position that walks along a 10-minute timeline. */
  @Benchmark
  public short[] musicBed(MusicInput in) throws IOException {
    in.mixer.mixInto(in.mix, FRAME_SAMPLES, in.next());
    return in.mix;
  }

  /** A copy of {@code SegmentWriter.mixAudio}'s crossfade loop for one output frame. */
  @Benchmark
  public short[] crossfade(CrossfadeInput in) {
    OutputFormat format = in.format;
    int channels = format.channels();
    short[] mix = in.mix;
    short[] scratch = in.scratch;
    long frame = in.nextFrame();
    long fadeStart = format.sampleAt(CrossfadeInput.FADE_START_FRAME);
    long fadeLength = Math.max(1,
        format.sampleAt(CrossfadeInput.FADE_START_FRAME + CrossfadeInput.FADE_FRAMES) - fadeStart);
    long first = format.sampleAt(frame);
    for (int s = 0; s < FRAME_SAMPLES; s++) {
      double gainB = Math.min(1, Math.max(0, (first + s - fadeStart + 0.5) / fadeLength));
      for (int c = 0; c < channels; c++) {
        int i = s * channels + c;
        mix[i] = (short) Math.round(mix[i] * (1 - gainB) + scratch[i] * gainB);
      }
    }
    return mix;
  }

  /** A music mixer over a generated WAV file, and the timeline buffer it mixes into. */
  @State(Scope.Thread)
  public static class MusicInput {

    static final long TIMELINE_SAMPLES = 10L * 60 * SAMPLE_RATE;

    // Placeholders that open nothing until setUp: the package is null-marked.
    Path dir = Path.of(".");
    CapturePool pool = new CapturePool(1, Duration.ofSeconds(10), Duration.ZERO, System::nanoTime, Decoding.sandboxed(1, 1));
    MusicMixer mixer = open(pool, null, new OutputFormat(2, 2, FPS, SAMPLE_RATE, CHANNELS), 0);
    final short[] mix = new short[FRAME_SAMPLES * CHANNELS];
    long position;

    /** Writes the music file and opens the mixer on it. */
    @Setup
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("montage-bench-music");
      Path music = dir.resolve("music.wav");
      writeSineWav(music, 20, 220);
      pool = new CapturePool(2, Duration.ofSeconds(10), Duration.ofMinutes(10), System::nanoTime,
          Decoding.sandboxed(SAMPLE_RATE, CHANNELS));
      mixer = open(pool, MusicBed.of(music), new OutputFormat(1920, 1080, FPS, SAMPLE_RATE, CHANNELS),
          TIMELINE_SAMPLES);
    }

    /** A mixer for {@code music} (none: adds nothing), decoded in this process, not ducked. */
    static MusicMixer open(CapturePool pool, @Nullable MusicBed music, OutputFormat format, long samples) {
      try {
        return MusicMixer.open(pool, new EncodedAudio(List.of(), music, EncodedAudio.Codec.AAC, DuckingEnvelope.NONE,
            null, null), format, samples);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    long next() {
      long first = position;
      position += FRAME_SAMPLES;
      if (position + FRAME_SAMPLES > TIMELINE_SAMPLES) {
        position = 0;
      }
      return first;
    }

    /** Closes the mixer and pool and deletes the music file. */
    @TearDown
    public void tearDown() throws IOException {
      mixer.close();
      pool.close();
      Files.deleteIfExists(dir.resolve("music.wav"));
      Files.deleteIfExists(dir);
    }
  }

  /** Two clips' audio for one frame, somewhere inside a 1 s crossfade. */
  @State(Scope.Thread)
  public static class CrossfadeInput {

    static final long FADE_START_FRAME = 300;
    static final long FADE_FRAMES = 30;

    final OutputFormat format = new OutputFormat(1920, 1080, FPS, SAMPLE_RATE, CHANNELS);
    final short[] mix = new short[FRAME_SAMPLES * CHANNELS];
    final short[] scratch = new short[FRAME_SAMPLES * CHANNELS];
    long frame = FADE_START_FRAME;

    /** Fills both buffers with noise. */
    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < mix.length; i++) {
        mix[i] = (short) random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
        scratch[i] = (short) random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
      }
    }

    long nextFrame() {
      long current = frame;
      frame = frame + 1 < FADE_START_FRAME + FADE_FRAMES ? frame + 1 : FADE_START_FRAME;
      return current;
    }
  }

  /** A 16-bit stereo PCM WAV of {@code seconds} of a sine at {@code hz}. */
  static void writeSineWav(Path file, int seconds, double hz) throws IOException {
    int frames = seconds * SAMPLE_RATE;
    int dataBytes = frames * CHANNELS * 2;
    ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16).putShort((short) 1).putShort((short) CHANNELS).putInt(SAMPLE_RATE)
        .putInt(SAMPLE_RATE * CHANNELS * 2).putShort((short) (CHANNELS * 2)).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    for (int i = 0; i < frames; i++) {
      short sample = (short) Math.round(Math.sin(2 * Math.PI * hz * i / SAMPLE_RATE) * 12_000);
      for (int c = 0; c < CHANNELS; c++) {
        wav.putShort(sample);
      }
    }
    Files.write(file, wav.array());
  }
}
