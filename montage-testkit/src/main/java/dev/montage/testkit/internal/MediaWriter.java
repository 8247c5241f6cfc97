package dev.montage.testkit.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import dev.montage.testkit.SyntheticMediaException;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes synthetic media with JavaCV's recorder: frames painted by {@link FramePainter} into one
 * native buffer, sound from {@link ToneSynth} into one reused array, audio written after each video
 * frame so the muxer interleaves without buffering.
 */
public final class MediaWriter {

  /** Time-base ticks per nominal frame in variable-frame-rate files; jitter is one tick. */
  static final int VFR_TICKS = 4;
  /** mpeg4 constant quantiser: sharp enough for the barcode, small files. */
  private static final double MPEG4_QSCALE = 4;
  private static final int AUDIO_BITRATE = 128_000;
  private static final Set<String> MOV_FAMILY = Set.of("mp4", "mov", "m4v", "m4a");

  private MediaWriter() {}

  /** Writes {@code spec} to {@code file}; on failure deletes what was written and throws. */
  public static Path write(Path file, SyntheticSpec spec) {
    FfmpegLogLevel.quiet();
    requireEncoder(file, spec.codec());
    if (spec.audio()) {
      requireEncoder(file, spec.audioCodec());
    }
    createParent(file);
    try {
      if (MOV_FAMILY.contains(spec.container())) {
        record(file, spec);
      } else {
        recordThroughMp4(file, spec);
      }
      return file;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(file, e);
      throw SyntheticMediaException.writeFailed(file, spec.toString(), e);
    }
  }

  /**
   * JavaCV's recorder does not rescale encoded packets' durations to the stream time base. mp4 does
   * not mind, but Matroska takes the last AAC packet's 1024 (samples) as 1024 ms and reports a
   * duration a second too long. Packet copy ({@code recordPacket}) does rescale, so other containers
   * are written as mp4 first and remuxed. Side effect: the AAC encoder delay that mp4 hides in an
   * edit list becomes visible, so in Matroska the first video frame is at about 21 ms.
   */
  private static void recordThroughMp4(Path file, SyntheticSpec spec)
      throws FrameRecorder.Exception, FrameGrabber.Exception, IOException {
    Path mp4 = file.resolveSibling(file.getFileName() + ".remux-source.mp4");
    try {
      record(mp4, spec.withContainer("mp4"));
      PacketFiles.copyPackets(mp4, file, null, true, PacketEdit.NONE);
    } finally {
      Files.deleteIfExists(mp4);
    }
  }

  /** Writes an audio-only file (AAC, the synthetic tone) of {@code duration} to {@code file}. */
  public static Path writeAudioOnly(Path file, Duration duration, int toneHz) {
    FfmpegLogLevel.quiet();
    createParent(file);
    try {
      recordAudioOnly(file, duration, toneHz);
      return file;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(file, e);
      throw SyntheticMediaException.writeFailed(file, "audio only, " + duration + ", " + toneHz + " Hz", e);
    }
  }

  private static void record(Path file, SyntheticSpec spec) throws FrameRecorder.Exception {
    int frames = spec.frameCount();
    double fps = spec.fps();
    FFmpegFrameRecorder recorder =
        new FFmpegFrameRecorder(file.toString(), spec.width(), spec.height(), spec.audio() ? spec.channels() : 0);
    try (BytePointer pixels = new BytePointer(FramePainter.frameBytes(spec.width(), spec.height()))) {
      recorder.setVideoCodecName(spec.codec());
      spec.videoOptions().forEach(recorder::setVideoOption);
      // FFmpeg's mjpeg encoder takes full-range yuv only; the recorder converts the painted frames.
      recorder.setPixelFormat("mjpeg".equals(spec.codec()) ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(spec.variableFrameRate() ? fps * VFR_TICKS : fps);
      recorder.setGopSize((int) Math.max(1, Math.round(fps)));
      if ("mpeg4".equals(spec.codec())) {
        recorder.setVideoQuality(MPEG4_QSCALE);
      } else {
        double bits = (double) spec.width() * spec.height() * fps * 0.15;
        recorder.setVideoBitrate((int) Math.min(200_000_000, Math.max(200_000, bits)));
      }
      if (spec.rotation() != 0) {
        // JavaCV hands -angle to av_display_rotation_set, which stores a counter-clockwise turn by
        // -angle; negating here stores a clockwise turn, the legacy "rotate" tag's meaning (checked
        // against the tkhd matrix of a phone's portrait video: 0 1 / -1 0).
        recorder.setDisplayRotation(-spec.rotation());
      }
      if (spec.audio()) {
        configureAudio(recorder, spec.audioCodec(), spec.sampleRate(), spec.channels());
      }
      if (MOV_FAMILY.contains(spec.container())) {
        // moov first: a truncated copy still opens and fails mid-stream, as real cut-off uploads do.
        recorder.setOption("movflags", "+faststart");
      }
      recorder.start();

      ByteBuffer frameBuffer = pixels.asByteBuffer();
      FramePainter painter = new FramePainter(spec.width(), spec.height());
      ToneSynth synth = new ToneSynth(spec.toneHz(), spec.sampleRate(), spec.channels());
      short[] audio = new short[(int) (Math.ceil(synth.sampleRate() / fps) + 1) * synth.channels()];
      Random jitter = new Random(spec.seed());
      for (int i = 0; i < frames; i++) {
        if (spec.variableFrameRate()) {
          int tick = i * VFR_TICKS + (i == 0 ? 0 : jitter.nextInt(3) - 1);
          recorder.setFrameNumber(tick);
        }
        painter.paint(frameBuffer, i, FrameLayout.isFlashFrame(i, fps));
        recorder.recordImage(spec.width(), spec.height(), Frame.DEPTH_UBYTE, 1, spec.width(),
            AV_PIX_FMT_YUV420P, frameBuffer);
        if (spec.audio()) {
          long from = Math.round(i * synth.sampleRate() / fps);
          long to = Math.round((i + 1) * synth.sampleRate() / fps);
          int shorts = synth.render(from, to, audio);
          recorder.recordSamples(synth.sampleRate(), synth.channels(), ShortBuffer.wrap(audio, 0, shorts));
        }
      }
      recorder.stop();
    } finally {
      recorder.release();
    }
  }

  private static void recordAudioOnly(Path file, Duration duration, int toneHz) throws FrameRecorder.Exception {
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), ToneSynth.CHANNELS);
    try {
      configureAudio(recorder, SyntheticSpec.DEFAULT_AUDIO_CODEC, ToneSynth.SAMPLE_RATE, ToneSynth.CHANNELS);
      recorder.start();
      ToneSynth synth = new ToneSynth(toneHz);
      long total = Math.round(duration.toNanos() / 1e9 * ToneSynth.SAMPLE_RATE);
      int chunk = 4800;
      short[] audio = new short[chunk * ToneSynth.CHANNELS];
      for (long from = 0; from < total; from += chunk) {
        int shorts = synth.render(from, Math.min(total, from + chunk), audio);
        recorder.recordSamples(ToneSynth.SAMPLE_RATE, ToneSynth.CHANNELS, ShortBuffer.wrap(audio, 0, shorts));
      }
      recorder.stop();
    } finally {
      recorder.release();
    }
  }

  private static void configureAudio(FFmpegFrameRecorder recorder, String codec, int sampleRate, int channels) {
    recorder.setAudioCodecName(codec);
    recorder.setSampleRate(sampleRate);
    recorder.setAudioChannels(channels);
    recorder.setAudioBitrate(AUDIO_BITRATE);
  }

  private static void requireEncoder(Path file, String codec) {
    // The recorder silently falls back to the container's default codec when a name is unknown.
    if (avcodec.avcodec_find_encoder_by_name(codec) == null) {
      throw SyntheticMediaException.noEncoder(file, codec, avutil.av_version_info().getString());
    }
  }

  private static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw SyntheticMediaException.writeFailed(file, "creating " + parent, e);
    }
  }

  private static void deleteQuietly(Path file, Exception failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
