package dev.montage.ffmpeg.internal;

import dev.montage.core.MontageException;
import dev.montage.core.MusicBed;
import dev.montage.core.OutputException;
import dev.montage.ffmpeg.internal.SegmentPlan.OutputFormat;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Joins segment files into the output: video packets copied (no re-encode) with timestamps shifted
 * by each segment's first frame, audio read from the segments' PCM, mixed with the music bed, and
 * encoded to AAC once over the whole timeline, interleaved with the video as it goes.
 *
 * <p>The recorder copies stream parameters from the first segment's format context and keeps
 * reading it until it is released, so that segment's grabber lease is held until the end. The
 * audio encoder is flushed by hand: JavaCV's stop() skips it in packet-copy mode.
 */
final class SegmentJoiner {

  /** AAC bitrate: transparent for stereo. */
  static final int AUDIO_BITRATE = 192_000;
  /** Sample frames handed to the AAC encoder per call. */
  private static final int CHUNK = 4096;
  /** Audio is written this far ahead of the video being copied, so the muxer interleaves. */
  private static final double AUDIO_LEAD_SECONDS = 0.25;

  private final CapturePool pool;
  private final RenderGuard guard;

  SegmentJoiner(CapturePool pool, RenderGuard guard) {
    this.pool = pool;
    this.guard = guard;
  }

  /**
   * A span of compressed video to copy: packets of {@code file} whose presentation time is in
   * [{@code fromPts}, {@code toPts}) of its video stream's time base, placed at output frame
   * {@code startFrame}. Cuts must fall on keyframes of closed GOPs.
   *
   * @param file the segment or source file
   * @param fromPts first presentation time to copy
   * @param toPts presentation time of the keyframe where copying stops ({@link Long#MAX_VALUE}: the end)
   * @param startFrame output frame of {@code fromPts}
   * @param clipIndex clip the span belongs to, -1 for segments
   */
  record VideoRun(Path file, long fromPts, long toPts, long startFrame, int clipIndex) {}

  /**
   * Where the output's video stream parameters come from: the video stream of {@code file}, with its
   * extradata replaced by {@code extradata} when that is given (smart cut: the sources' and the
   * encoded pieces' parameter sets together).
   */
  record VideoTemplate(Path file, byte @Nullable [] extradata) {}

  /** Where the output's audio comes from. */
  sealed interface AudioSource permits EncodedAudio, CopiedAudio {}

  /**
   * The timeline's PCM, one file per segment in order, mixed with {@code music} and encoded to AAC
   * once.
   */
  record EncodedAudio(List<Path> pcmFiles, @Nullable MusicBed music) implements AudioSource {}

  /** AAC packets copied from the sources (see {@link AudioCopy}). */
  record CopiedAudio(AudioCopy.Plan plan) implements AudioSource {}

  /**
   * Writes {@code target} in {@code container} format ({@code mp4}, {@code mov}, {@code matroska})
   * from video {@code runs} and {@code audio}.
   *
   * @param video stream parameters of the output's video, or {@code null} for the first run's
   * @param packetsDone told about every packet copied from a source (not from a segment), for progress
   */
  void join(List<VideoRun> runs, @Nullable VideoTemplate video, AudioSource audio, OutputFormat format,
      long totalFrames, String container, Path target, Duration budget, java.util.function.LongConsumer packetsDone) {
    RenderGuard.Deadline deadline = guard.deadline("joining segments", -1, target, budget);
    long totalSamples = format.sampleAt(totalFrames);
    VideoTemplate videoTemplate = video != null ? video : new VideoTemplate(runs.get(0).file(), null);
    @Nullable Path audioTemplate = audio instanceof CopiedAudio copied ? copied.plan().template() : null;
    try (StreamTemplate template = template(videoTemplate, audioTemplate)) {
      FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), format.width(), format.height(),
          format.channels());
      recorder.setFormat(container);
      if (audio instanceof EncodedAudio) {
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setSampleRate(format.sampleRate());
        recorder.setAudioBitrate(AUDIO_BITRATE);
      }
      TrackedRecorder tracked = new TrackedRecorder(recorder, target);
      Throwable primary = null;
      try {
        recorder.start(template.context());
        AVRational outTimeBase = template.stream().time_base();
        AVRational frameDuration = avutil.av_inv_q(avutil.av_d2q(format.fps(), 1_001_000));
        try (AudioFeed feed = feed(audio, recorder, template, format, totalSamples)) {
          Timestamps timestamps = new Timestamps();
          for (VideoRun run : runs) {
            long offset = avutil.av_rescale_q(run.startFrame(), frameDuration, outTimeBase);
            try (GrabberLease lease = lease(run.file())) {
              copyPackets(lease.grabber(), run, recorder, outTimeBase, offset, feed, format, deadline, timestamps,
                  packetsDone);
            }
          }
          feed.writeUntil(totalSamples);
          feed.finish();
        }
        tracked.finish();
      } catch (FrameRecorder.Exception | FrameGrabber.Exception e) {
        primary = Failures.write(-1, target, "joining segments failed", e);
        throw (MontageException) primary;
      } catch (IOException e) {
        primary = OutputException.writeFailed(-1, target, e);
        throw (MontageException) primary;
      } catch (RuntimeException | Error e) {
        primary = e;
        throw e;
      } finally {
        tracked.closeAfter(primary);
      }
    }
  }

  private AudioFeed feed(AudioSource audio, FFmpegFrameRecorder recorder, StreamTemplate template,
      OutputFormat format, long totalSamples) {
    if (audio instanceof CopiedAudio copied) {
      return new AudioCopy(pool, recorder, format, copied.plan(), 1, template.context().streams(1).time_base());
    }
    EncodedAudio encoded = (EncodedAudio) audio;
    PcmTimeline pcm = new PcmTimeline(encoded.pcmFiles(), format.channels());
    try {
      MusicMixer mixer = MusicMixer.open(pool, encoded.music(), format, totalSamples);
      return new AudioWriter(recorder, pcm, mixer, format, totalSamples);
    } catch (RuntimeException | Error e) {
      pcm.close();
      throw e;
    }
  }

  private StreamTemplate template(VideoTemplate video, @Nullable Path audio) {
    try (GrabberLease lease = lease(video.file())) {
      StreamTemplate template;
      if (audio == null) {
        template = StreamTemplate.of(videoStream(lease.grabber()), video.file().toString());
      } else {
        try (GrabberLease audioLease = lease(audio)) {
          AVStream audioStream = AudioCopy.audioStream(audioLease.grabber());
          if (audioStream == null) {
            throw new IllegalStateException("audio template without audio: " + audio);
          }
          template = StreamTemplate.of(new AVStream[] {videoStream(lease.grabber()), audioStream},
              video.file() + " + audio of " + audio);
        }
      }
      byte[] extradata = video.extradata();
      if (extradata != null) {
        try {
          template.replaceExtradata(extradata);
        } catch (RuntimeException | Error e) {
          template.close();
          throw e;
        }
      }
      return template;
    }
  }

  private GrabberLease lease(Path file) {
    return pool.leaseWritten(file);
  }

  private static AVStream videoStream(FFmpegFrameGrabber grabber) {
    for (int i = 0; i < grabber.getFormatContext().nb_streams(); i++) {
      AVStream stream = grabber.getFormatContext().streams(i);
      if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
        return stream;
      }
    }
    throw new IllegalStateException("segment without video stream");
  }

  private void copyPackets(FFmpegFrameGrabber grabber, VideoRun run, FFmpegFrameRecorder recorder,
      AVRational outTimeBase, long offset, AudioFeed audio, OutputFormat format, RenderGuard.Deadline deadline,
      Timestamps timestamps,
      java.util.function.LongConsumer packetsDone) throws FrameGrabber.Exception, FrameRecorder.Exception, IOException {
    AVStream stream = videoStream(grabber);
    AVRational inTimeBase = stream.time_base();
    // A pooled grabber may be anywhere in its file: always seek.
    int sought = avformat.avformat_seek_file(grabber.getFormatContext(), stream.index(), Long.MIN_VALUE,
        run.fromPts(), run.fromPts(), avformat.AVSEEK_FLAG_BACKWARD);
    if (sought < 0) {
      throw new FrameGrabber.Exception("avformat_seek_file() error " + sought + " in " + run.file());
    }
    AVPacket packet;
    while ((packet = grabber.grabPacket()) != null) {
      guard.check(deadline);
      long sourcePts = packet.pts();
      boolean key = (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
      if (packet.stream_index() != stream.index() || sourcePts != avutil.AV_NOPTS_VALUE && sourcePts < run.fromPts()) {
        avcodec.av_packet_unref(packet);
        continue;
      }
      if (key && sourcePts != avutil.AV_NOPTS_VALUE && sourcePts >= run.toPts()) {
        avcodec.av_packet_unref(packet);
        break;
      }
      long pts = shift(sourcePts, run.fromPts(), inTimeBase, outTimeBase, offset);
      long dts = shift(packet.dts(), run.fromPts(), inTimeBase, outTimeBase, offset);
      packet.duration(avutil.av_rescale_q(packet.duration(), inTimeBase, outTimeBase));
      dts = timestamps.monotonic(dts, pts);
      packet.pts(pts);
      packet.dts(dts);
      packet.stream_index(0);
      long at = dts != avutil.AV_NOPTS_VALUE ? dts : pts;
      if (at != avutil.AV_NOPTS_VALUE) {
        audio.writeUntil((long) ((at * avutil.av_q2d(outTimeBase) + AUDIO_LEAD_SECONDS) * format.sampleRate()));
      }
      recorder.recordPacket(packet);
      if (run.clipIndex() >= 0) {
        packetsDone.accept(1);
      }
    }
  }

  private static long shift(long value, long from, AVRational in, AVRational out, long offset) {
    if (value == avutil.AV_NOPTS_VALUE) {
      return value;
    }
    return avutil.av_rescale_q(value - from, in, out) + offset;
  }

  /** Keeps decode timestamps strictly increasing across runs (the muxer rejects anything else). */
  private static final class Timestamps {
    private long lastDts = Long.MIN_VALUE;

    long monotonic(long dts, long pts) {
      if (dts == avutil.AV_NOPTS_VALUE) {
        return dts;
      }
      long fixed = dts <= lastDts ? lastDts + 1 : dts;
      if (pts != avutil.AV_NOPTS_VALUE && fixed > pts) {
        fixed = Math.max(lastDts + 1, Math.min(fixed, pts));
      }
      lastDts = fixed;
      return fixed;
    }
  }

  private static long rescale(long value, AVRational from, AVRational to) {
    return value == avutil.AV_NOPTS_VALUE ? value : avutil.av_rescale_q(value, from, to);
  }

  /** Writes the output's audio in step with the video, up to a sample. */
  interface AudioFeed extends AutoCloseable {
    /** Writes audio up to {@code sample} (clamped to the timeline's end). */
    void writeUntil(long sample) throws IOException, FrameGrabber.Exception, FrameRecorder.Exception;

    /** Writes what is still held back (encoder delay). */
    void finish() throws FrameRecorder.Exception;

    @Override
    void close();
  }

  /** Feeds PCM (+ music) to the recorder's AAC encoder in order. */
  private static final class AudioWriter implements AudioFeed {
    private final FFmpegFrameRecorder recorder;
    private final PcmTimeline pcm;
    private final MusicMixer mixer;
    private final OutputFormat format;
    private final long totalSamples;
    private final short[] chunk;
    private final ShortBuffer chunkBuffer;
    private long written;

    AudioWriter(FFmpegFrameRecorder recorder, PcmTimeline pcm, MusicMixer mixer, OutputFormat format, long totalSamples) {
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

  /** Reads the segments' PCM files one after the other as one stream. */
  private static final class PcmTimeline implements AutoCloseable {
    private final List<Path> files;
    private final int channels;
    private final ByteBuffer bytes = ByteBuffer.allocateDirect(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
    private int next;
    private @Nullable FileChannel current;

    PcmTimeline(List<Path> files, int channels) {
      this.files = files;
      this.channels = channels;
    }

    /** Fills {@code frames} sample frames; silence past the end. */
    void read(short[] dst, int frames) throws IOException {
      int wanted = frames * channels;
      int at = 0;
      while (at < wanted) {
        if (current == null) {
          if (next >= files.size()) {
            java.util.Arrays.fill(dst, at, wanted, (short) 0);
            return;
          }
          current = FileChannel.open(files.get(next++), StandardOpenOption.READ);
        }
        bytes.clear().limit(Math.min(bytes.capacity(), (wanted - at) * 2));
        int read = current.read(bytes);
        if (read < 0) {
          current.close();
          current = null;
          continue;
        }
        bytes.flip();
        int shorts = bytes.remaining() / 2;
        bytes.asShortBuffer().get(dst, at, shorts);
        at += shorts;
        if (bytes.remaining() % 2 != 0) {
          throw new IOException("odd byte count in PCM file " + files.get(next - 1));
        }
      }
    }

    @Override
    public void close() {
      if (current != null) {
        try {
          current.close();
        } catch (IOException e) {
          // A read-only channel losing its close changes nothing for the output; say so and go on.
          org.slf4j.LoggerFactory.getLogger(SegmentJoiner.class).debug("closing PCM segment failed: {}", e.toString());
        }
        current = null;
      }
    }
  }
}
