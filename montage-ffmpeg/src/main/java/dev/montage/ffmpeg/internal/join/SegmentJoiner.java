package dev.montage.ffmpeg.internal.join;

import dev.montage.core.MontageException;
import dev.montage.core.OutputException;
import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.capture.StreamTemplate;
import dev.montage.ffmpeg.internal.capture.TrackedRecorder;
import dev.montage.ffmpeg.internal.h264.IdRemap;
import dev.montage.ffmpeg.internal.hevc.HevcIdRemap;
import dev.montage.ffmpeg.internal.hevc.HvcConfig;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.media.Streams;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
 * by each segment's first frame, and the output's audio from an {@link AudioSource} written in step
 * with the video as it goes, so the muxer interleaves.
 *
 * <p>The recorder copies stream parameters from the first segment's format context and keeps
 * reading it until it is released, so that segment's grabber lease is held until the end.
 */
public final class SegmentJoiner {

  /** Audio is written this far ahead of the video being copied, so the muxer interleaves. */
  private static final double AUDIO_LEAD_SECONDS = 0.25;

  private final CapturePool pool;
  private final RenderGuard guard;

  public SegmentJoiner(CapturePool pool, RenderGuard guard) {
    this.pool = pool;
    this.guard = guard;
  }

  /**
   * Where the output's video stream parameters come from: the video stream of {@code file}, with its
   * extradata replaced by {@code extradata} when that is given (H.264 smart cut: the sources' and the
   * encoded pieces' parameter sets together).
   *
   * @param clipIndex the clip whose source {@code file} is, or -1 for a file this render wrote
   * @param setsChangeInStream whether HEVC runs bring parameter sets of their own, repeated in the
   *     stream: MP4 and MOV then mark the track {@code hev1}; otherwise {@code hvc1}, which Apple's
   *     players require
   */
  public record VideoTemplate(Path file, int clipIndex, byte @Nullable [] extradata, boolean setsChangeInStream) {

    /** The parameters of {@code file}'s video, with {@code extradata} when given; one set of parameter sets. */
    public VideoTemplate(Path file, int clipIndex, byte @Nullable [] extradata) {
      this(file, clipIndex, extradata, false);
    }
  }

  /** MP4's sample entry for HEVC with every parameter set in its hvcC record. */
  private static final int HVC1 = 'h' | 'v' << 8 | 'c' << 16 | '1' << 24;
  /** MP4's sample entry for HEVC whose parameter sets may also come in the samples. */
  private static final int HEV1 = 'h' | 'e' << 8 | 'v' << 16 | '1' << 24;

  /**
   * What is joined: video runs in order, their stream parameters, the audio, the output format.
   *
   * @param runs the video to copy, in order
   * @param video stream parameters of the output's video, or {@code null} for the first run's
   * @param audio where the output's audio comes from
   * @param format the output format
   * @param totalFrames frames of the output
   */
  public record Contents(List<VideoRun> runs, @Nullable VideoTemplate video, AudioSource audio, OutputFormat format,
      long totalFrames) {}

  /**
   * Writes {@code target} in {@code container} format ({@code mp4}, {@code mov}, {@code matroska})
   * from {@code contents} within {@code budget}.
   *
   * @param packetsDone told about every packet copied from a source (not from a segment), for progress
   */
  public void join(Contents contents, String container, Path target, Duration budget,
      java.util.function.LongConsumer packetsDone) {
    List<VideoRun> runs = contents.runs();
    @Nullable VideoTemplate video = contents.video();
    AudioSource audio = contents.audio();
    OutputFormat format = audio.format(contents.format());
    long totalFrames = contents.totalFrames();
    RenderGuard.Watch watch = guard.watch("joining segments", -1, target, budget);
    long totalSamples = format.sampleAt(totalFrames);
    VideoTemplate videoTemplate = video != null ? video : new VideoTemplate(runs.get(0).file(), runs.get(0).clipIndex(), null);
    @Nullable Path audioTemplate = audio.streamTemplate();
    try (StreamTemplate template = template(videoTemplate, audioTemplate, audio.streamTemplateClip())) {
      tagHevc(template, videoTemplate, container);
      FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(target.toFile(), format.width(), format.height(),
          format.channels());
      recorder.setFormat(container);
      audio.configure(recorder, format);
      TrackedRecorder tracked = new TrackedRecorder(recorder, target);
      Throwable primary = null;
      try {
        recorder.start(template.context());
        AVRational outTimeBase = template.stream().time_base();
        AVRational frameDuration = avutil.av_inv_q(avutil.av_d2q(format.fps(), 1_001_000));
        try (AudioFeed feed = audio.open(pool, recorder, template, format, totalSamples)) {
          RunCopier copier = new RunCopier(recorder, template, feed, format, new PacketProgress(watch, packetsDone),
              videoTemplate.setsChangeInStream());
          for (VideoRun run : runs) {
            long offset = avutil.av_rescale_q(run.startFrame(), frameDuration, outTimeBase);
            try (GrabberLease lease = lease(run.file(), run.clipIndex())) {
              copier.copy(lease.grabber(), run, offset);
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

  private StreamTemplate template(VideoTemplate video, @Nullable Path audio, int audioClip) {
    try (GrabberLease lease = templateLease(video.file(), video.clipIndex())) {
      StreamTemplate template;
      if (audio == null) {
        template = StreamTemplate.of(Streams.video(lease.grabber(), video.file()), video.file().toString());
      } else {
        try (GrabberLease audioLease = templateLease(audio, audioClip)) {
          AVStream audioStream = Streams.audio(audioLease.grabber());
          if (audioStream == null) {
            throw SourceMediaException.corrupt(audioClip, audio, new IllegalStateException("no audio stream"),
                "its sound was found when planning and is gone now: was the file replaced during the render?");
          }
          template = StreamTemplate.of(new AVStream[] {Streams.video(lease.grabber(), video.file()), audioStream},
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

  /**
   * Chooses the MP4/MOV sample entry of an HEVC output (FFmpeg would take {@code hev1}); Matroska
   * has none and refuses a tag.
   */
  private static void tagHevc(StreamTemplate template, VideoTemplate video, String container) {
    boolean isoMedia = container.equals("mp4") || container.equals("mov");
    if (isoMedia && template.stream().codecpar().codec_id() == avcodec.AV_CODEC_ID_HEVC) {
      template.stream().codecpar().codec_tag(video.setsChangeInStream() ? HEV1 : HVC1);
    }
  }

  /**
   * The grabber whose streams the output's are made from: for a source, one that analysed it (a
   * packet reader skips that for MP4, and its stream would then lack what only decoding fills in,
   * such as the sample aspect ratio, which becomes the output's {@code pasp} box). Whichever grabber
   * the pool had idle, in process or in a worker, the output is the same.
   */
  private GrabberLease templateLease(Path file, int clipIndex) {
    return clipIndex >= 0 ? pool.leaseSource(file, clipIndex) : pool.leaseWritten(file);
  }

  /**
   * A clip's source ({@code clipIndex >= 0}: failing to open it names the clip) or a file this render
   * wrote (a segment).
   */
  private GrabberLease lease(Path file, int clipIndex) {
    return clipIndex >= 0 ? pool.leasePackets(file, clipIndex) : pool.leaseWritten(file);
  }

  /**
   * What each copied packet reports to: the stall watch it checks and the progress it adds to.
   *
   * @param watch the join's stall watch
   * @param packetsDone told of every packet copied from a source
   */
  private record PacketProgress(RenderGuard.Watch watch, java.util.function.LongConsumer packetsDone) {}

  /**
   * Copies runs into the recorder one after another: timestamps shifted into place and kept
   * increasing, audio written ahead of the video, HEVC parameter sets repeated where they change.
   */
  private final class RunCopier {
    private final FFmpegFrameRecorder recorder;
    private final AVRational outTimeBase;
    private final AudioFeed audio;
    private final OutputFormat format;
    private final PacketProgress progress;
    private final @Nullable HevcParameterSets hevc;
    private final Timestamps timestamps = new Timestamps();

    /** Copies into {@code recorder}, started from {@code template}, whose video time base it keeps. */
    RunCopier(FFmpegFrameRecorder recorder, StreamTemplate template, AudioFeed audio, OutputFormat format,
        PacketProgress progress, boolean setsChangeInStream) {
      this.recorder = recorder;
      this.outTimeBase = template.stream().time_base();
      this.audio = audio;
      this.format = format;
      this.progress = progress;
      this.hevc = setsChangeInStream ? HevcParameterSets.of(template.stream()) : null;
    }

    /** Copies {@code run}'s packets from {@code grabber}, placed {@code offset} into the output. */
    void copy(FFmpegFrameGrabber grabber, VideoRun run, long offset)
        throws FrameGrabber.Exception, FrameRecorder.Exception, IOException {
      AVStream stream = Streams.video(grabber, run.file());
      Streams.readOnly(grabber, stream.index());
      AVRational inTimeBase = stream.time_base();
      byte @Nullable [] parameterSets = hevc == null ? null : hevc.of(stream, run);
      // A pooled grabber may be anywhere in its file: always seek.
      int sought = avformat.avformat_seek_file(grabber.getFormatContext(), stream.index(), Long.MIN_VALUE,
          run.fromPts(), run.fromPts(), avformat.AVSEEK_FLAG_BACKWARD);
      if (sought < 0) {
        throw new FrameGrabber.Exception("avformat_seek_file() error " + sought + " in " + run.file());
      }
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        guard.check(progress.watch());
        long sourcePts = packet.pts();
        boolean key = (packet.flags() & avcodec.AV_PKT_FLAG_KEY) != 0;
        if (packet.stream_index() != stream.index()
            || sourcePts != avutil.AV_NOPTS_VALUE && sourcePts < run.fromPts()) {
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
        if (run.clipIndex() >= 0 && pts != avutil.AV_NOPTS_VALUE && dts != avutil.AV_NOPTS_VALUE && dts > pts) {
          avcodec.av_packet_unref(packet);
          throw unorderedSource(run, sourcePts * avutil.av_q2d(inTimeBase));
        }
        IdRemap remap = run.remap();
        if (remap != null) {
          renumber(packet, remap, run);
        }
        HevcIdRemap hevcRemap = run.hevcRemap();
        if (hevcRemap != null) {
          renumber(packet, hevcRemap, run);
        }
        if (parameterSets != null && hevc != null && key) {
          rewrite(packet, HvcConfig.withParameterSets(bytes(packet), parameterSets, hevc.lengthSize()));
        }
        packet.pts(pts);
        packet.dts(dts);
        packet.stream_index(0);
        long at = dts != avutil.AV_NOPTS_VALUE ? dts : pts;
        if (at != avutil.AV_NOPTS_VALUE) {
          audio.writeUntil((long) ((at * avutil.av_q2d(outTimeBase) + AUDIO_LEAD_SECONDS) * format.sampleRate()));
        }
        recorder.recordPacket(packet);
        if (run.clipIndex() >= 0) {
          progress.packetsDone().accept(1);
        }
      }
    }
  }

  /**
   * Rewrites {@code packet}'s slices for the output's parameter set ids (a source whose ids another
   * encoder's sets took; see {@link IdRemap}).
   */
  private static void renumber(AVPacket packet, IdRemap remap, VideoRun run) throws FrameRecorder.Exception {
    rewrite(packet, remap::rewrite, e -> SourceMediaException.corrupt(run.clipIndex(), run.file(), new IOException(
        "its H.264 slices do not parse against their parameter sets: " + e.getMessage(), e),
        "copying it beside another encoder's video renumbers its parameter sets; re-encode with"
            + " streamCopy(false) (CLI: --no-copy)"));
  }

  /** Rewrites {@code packet}'s HEVC units for the output's parameter set ids (a smart cut's x265 piece). */
  private static void renumber(AVPacket packet, HevcIdRemap remap, VideoRun run) throws FrameRecorder.Exception {
    rewrite(packet, remap::rewrite, e -> dev.montage.core.EncodingException.failed(run.clipIndex(), run.file(),
        "smart cut: the HEVC encoder's packets do not parse: " + e.getMessage(), e));
  }

  /**
   * Replaces {@code packet}'s data with what {@code change} makes of it; a change that finds the
   * data unparsable ends with {@code failure}'s exception, the packet released.
   */
  private static void rewrite(AVPacket packet, java.util.function.UnaryOperator<byte[]> change,
      java.util.function.Function<IllegalArgumentException, MontageException> failure)
      throws FrameRecorder.Exception {
    byte[] rewritten;
    try {
      rewritten = change.apply(bytes(packet));
    } catch (IllegalArgumentException e) {
      avcodec.av_packet_unref(packet);
      throw failure.apply(e);
    }
    rewrite(packet, rewritten);
  }

  private static byte[] bytes(AVPacket packet) {
    byte[] bytes = new byte[packet.size()];
    packet.data().get(bytes);
    return bytes;
  }

  /** Replaces {@code packet}'s data with {@code rewritten}, growing or shrinking it. */
  private static void rewrite(AVPacket packet, byte[] rewritten) throws FrameRecorder.Exception {
    int grown = rewritten.length - packet.size();
    int result = avcodec.av_packet_make_writable(packet);
    if (result >= 0 && grown > 0) {
      result = avcodec.av_grow_packet(packet, grown);
    } else if (result >= 0 && grown < 0) {
      avcodec.av_shrink_packet(packet, rewritten.length);
    }
    if (result < 0) {
      avcodec.av_packet_unref(packet);
      throw new FrameRecorder.Exception("resizing a packet for its rewritten NAL units failed: error " + result);
    }
    packet.data().put(rewritten, 0, rewritten.length);
  }

  /**
   * A copied source whose decode timestamps go backwards at {@code seconds} (packets duplicated or
   * out of order): kept as they are, the muxer would refuse them; repaired, they would show wrongly.
   */
  private static SourceMediaException unorderedSource(VideoRun run, double seconds) {
    return SourceMediaException.corrupt(run.clipIndex(), run.file(), new IOException(String.format(Locale.ROOT,
        "its video timestamps go backwards at %.3fs (packets duplicated or out of order)", seconds)),
        "a stream copy keeps timestamps as they are; re-encode with streamCopy(false) (CLI: --no-copy) or repair"
            + " the file");
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

}
