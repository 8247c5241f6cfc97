package dev.montage.ffmpeg.internal.audio;

import dev.montage.core.MusicBed;
import dev.montage.core.RenderResult;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.capture.StreamTemplate;
import dev.montage.ffmpeg.internal.join.AudioFeed;
import dev.montage.ffmpeg.internal.join.AudioSource;
import dev.montage.ffmpeg.internal.media.SourceClock;
import dev.montage.ffmpeg.internal.media.Streams;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.probe.AudioStreamFacts;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies AAC packets from the sources into the output when the video is copied, instead of
 * decoding and encoding the audio again: what makes a copy job as cheap as {@code ffmpeg -c copy}.
 *
 * <p>The output's audio is one unbroken run of 1024-sample AAC frames. At each clip's start the
 * source packet nearest to where the output's frame grid stands is taken, so every clip's sound
 * sits within half a frame (10.7 ms at 48 kHz, 11.6 ms at 44.1 kHz) of its picture and the error never adds up over
 * clips. The first frame after each cut decodes without its true predecessor (AAC frames overlap),
 * a few milliseconds of transition, like any packet-level cut.
 *
 * <p>Only when every clip's source has AAC-LC audio of one configuration (any sample rate, mono or
 * more channels: the output then takes that rate and those channels) covering the clip, and there is
 * no music bed to mix. A source whose audio
 * ends early anyway (a container that lied) stops the copy with {@link Shortfall}; the caller then
 * encodes the audio instead.
 */
public final class AudioCopy implements AudioFeed {

  private static final Logger LOG = LoggerFactory.getLogger(AudioCopy.class);
  /** Samples in one AAC frame. */
  static final int FRAME = 1024;

  /** The sources' audio ended before a clip's did; nothing written so far can be kept. */
  public static final class Shortfall extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Shortfall(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What the copy needs: the clips and the audio stream parameters every source shares.
   *
   * @param clips the clips in timeline order (in points on the video's frames)
   * @param template a source whose audio stream gives the output's audio parameters (a string: the
   *     plan crosses to a worker process that joins a copy with isolation)
   * @param sampleRate the sources' (and so the output's) audio samples per second
   * @param channels the sources' (and so the output's) audio channels
   */
  public record Plan(List<PlannedClip> clips, String template, int sampleRate, int channels)
      implements AudioSource, Serializable {

    private static final long serialVersionUID = 1L;

    public Plan {
      clips = List.copyOf(clips);
    }

    @Override
    public Path streamTemplate() {
      return Path.of(template);
    }

    @Override
    public int streamTemplateClip() {
      return clips.get(0).clipIndex();
    }

    /** The output takes the sources' rate and channels. */
    @Override
    public OutputFormat format(OutputFormat output) {
      return new OutputFormat(output.width(), output.height(), output.fps(), sampleRate, channels);
    }

    /** Nothing to set: the stream is copied, not encoded. */
    @Override
    public void configure(FFmpegFrameRecorder recorder, OutputFormat format) {}

    @Override
    public AudioFeed open(CapturePool pool, FFmpegFrameRecorder recorder, StreamTemplate streams, OutputFormat format,
        long totalSamples) {
      return new AudioCopy(pool, recorder, format, this, 1, streams.context().streams(1).time_base());
    }
  }

  private final CapturePool pool;
  private final FFmpegFrameRecorder recorder;
  private final OutputFormat format;
  private final List<PlannedClip> clips;
  /** Index of the audio stream in the recorder's template. */
  private final int templateIndex;
  private final AVRational templateTimeBase;
  private int clip = -1;
  private @Nullable GrabberLease lease;
  private int sourceIndex;
  private AVRational sourceTimeBase = avutil.av_make_q(1, 1);
  /** Packets before this presentation time are skipped (the first one wanted after a seek). */
  private long pendingFrom = Long.MIN_VALUE;
  private long written;

  AudioCopy(CapturePool pool, FFmpegFrameRecorder recorder, OutputFormat format, Plan plan, int templateIndex,
      AVRational templateTimeBase) {
    this.pool = pool;
    this.recorder = recorder;
    this.format = format;
    this.clips = plan.clips();
    this.templateIndex = templateIndex;
    this.templateTimeBase = templateTimeBase;
  }

  /**
   * Whether the sources' AAC can be copied for {@code clips}: a plan, or why not in words (see the
   * class comment). Decided from {@code streams}, each source's audio stream as the probe stage read
   * it (a source without one is absent); reads nothing itself.
   */
  public static Decision decide(Map<String, AudioStreamFacts> streams, List<PlannedClip> clips, OutputFormat format,
      @Nullable MusicBed music) {
    if (music != null) {
      return Decision.no("a music bed is mixed in");
    }
    if (clips.isEmpty()) {
      return Decision.no("there are no clips");
    }
    Map<String, AacConfig> configs = new HashMap<>();
    AacConfig reference = null;
    for (PlannedClip clip : clips) {
      if (clip.gain() != 1) {
        return Decision.no("clip " + clip.clipIndex() + (clip.gain() == 0 ? " is muted" : " has a gain set")
            + ": its sound is decoded to change it");
      }
      AudioStreamFacts stream = streams.get(clip.source());
      AacConfig config = configs.get(clip.source());
      if (config == null) {
        if (!clip.hasAudio()) {
          return Decision.no(clip.source() + " (clip " + clip.clipIndex() + ") has no audio");
        }
        if (stream == null) {
          return Decision.no(clip.source() + " (clip " + clip.clipIndex() + ") has no audio stream");
        }
        Either read = config(clip, stream, format);
        if (read.why() != null) {
          return Decision.no(read.why());
        }
        config = Objects.requireNonNull(read.config());
        configs.put(clip.source(), config);
      } else if (stream == null || !covers(stream, clip, format)) {
        return Decision.no(clip.source() + " audio ends before clip " + clip.clipIndex() + " does");
      }
      if (reference == null) {
        reference = config;
      } else if (!reference.equals(config)) {
        return Decision.no(clip.source() + " (clip " + clip.clipIndex() + ") has AAC at " + describe(config)
            + ", " + clips.get(0).source() + " at " + describe(reference));
      }
    }
    AacConfig shared = Objects.requireNonNull(reference);
    return new Decision(new Plan(clips, clips.get(0).source(), shared.sampleRate(), shared.channels()),
        "every source has AAC-LC at " + describe(shared) + " and nothing is mixed in");
  }

  /**
   * Whether the sources' audio is copied, and why.
   *
   * @param plan the copy, or {@code null} when the audio is decoded and encoded
   * @param reason why, in words
   */
  public record Decision(@Nullable Plan plan, String reason) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No copy, for {@code why}. */
    public static Decision no(String why) {
      LOG.debug("copying audio not possible: {}", why);
      return new Decision(null, why);
    }

    /**
     * The decision as the result reports it; encoded audio is {@code codec} at {@code encoded}'s rate
     * and channels.
     */
    public RenderResult.Audio outcome(OutputFormat encoded, EncodedAudio.Codec codec) {
      Plan copy = plan;
      return copy != null ? new RenderResult.Audio(true, "AAC", copy.sampleRate(), copy.channels(), reason)
          : new RenderResult.Audio(false, codec.displayName(), encoded.sampleRate(), encoded.channels(), reason);
    }
  }

  private static String describe(AacConfig config) {
    return config.sampleRate() + " Hz, " + config.channels() + (config.channels() == 1 ? " channel" : " channels");
  }

  /** A source's AAC config, or why its audio cannot be copied. */
  private record Either(@Nullable AacConfig config, @Nullable String why) {}

  /** The AAC configuration of {@code clip}'s source, when copyable for that clip. */
  private static Either config(PlannedClip clip, AudioStreamFacts stream, OutputFormat format) {
    String source = clip.source() + " (clip " + clip.clipIndex() + ")";
    if (!stream.codec().equals("aac")) {
      return new Either(null, source + " audio is not AAC");
    }
    Optional<AacConfig> parsed = AacConfig.parse(stream.extradata());
    if (parsed.isEmpty()) {
      return new Either(null, source + " has an AAC configuration that is not read here");
    }
    AacConfig config = parsed.get();
    Optional<String> uncopyable = config.uncopyable();
    if (uncopyable.isPresent()) {
      return new Either(null, source + ": " + uncopyable.get());
    }
    // The decoder reports the rate it outputs: twice the config's where SBR is signalled implicitly.
    if (stream.sampleRate() != config.sampleRate() || stream.channels() != config.channels()
        || stream.frameSize() != 0 && stream.frameSize() != FRAME) {
      return new Either(null, source + " decodes to " + stream.sampleRate() + " Hz, " + stream.channels()
          + " channels, frames of " + stream.frameSize() + " where its AAC configuration says " + describe(config)
          + ", frames of 1024 (implicit HE-AAC)");
    }
    if (!covers(stream, clip, format)) {
      return new Either(null, source + " audio ends before the clip does");
    }
    return new Either(config, null);
  }

  /** Whether the audio stream reaches the clip's out point (a stream of unknown length does not). */
  private static boolean covers(AudioStreamFacts stream, PlannedClip clip, OutputFormat format) {
    long clipEnd = clip.inMicros() + Math.round(clip.frameCount() * 1e6 / format.fps());
    return stream.endMicros() >= clipEnd;
  }

  /** Writes AAC frames until the output's audio reaches {@code sample} (within half a frame). */
  @Override
  public void writeUntil(long sample) throws FrameGrabber.Exception, FrameRecorder.Exception {
    long total = format.sampleAt(clips.get(clips.size() - 1).endFrame());
    long until = Math.min(sample, total);
    while (written + FRAME / 2 < until) {
      PlannedClip current = clip >= 0 ? clips.get(clip) : null;
      if (current == null || written + FRAME / 2 >= format.sampleAt(current.endFrame())) {
        if (clip + 1 >= clips.size()) {
          return;
        }
        openClip(++clip);
        continue;
      }
      AVPacket packet = nextPacket(current);
      try {
        long pts = samplesIn(written, templateTimeBase);
        packet.pts(pts);
        packet.dts(pts);
        packet.duration(samplesIn(FRAME, templateTimeBase));
        packet.stream_index(templateIndex);
        recorder.recordPacket(packet);
      } finally {
        avcodec.av_packet_unref(packet);
      }
      written += FRAME;
    }
  }

  /**
   * {@code samples} at the output's rate in {@code timeBase}'s units, rounded as {@code av_rescale_q}
   * rounds. Not {@code av_rescale_q} over {@code av_make_q}: JavaCPP allocates a native AVRational
   * for every {@code av_make_q}, and two per packet showed in JFR's samples of a 200-clip copy job
   * (JavaCPP's memory accounting on each allocation).
   */
  private long samplesIn(long samples, AVRational timeBase) {
    return avutil.av_rescale(samples, timeBase.den(), (long) format.sampleRate() * timeBase.num());
  }

  /** Positions on the packet of clip {@code index}'s source nearest to where the output stands. */
  private void openClip(int index) throws FrameGrabber.Exception {
    closeLease();
    PlannedClip current = clips.get(index);
    lease = pool.leasePackets(Path.of(current.source()), current.clipIndex());
    FFmpegFrameGrabber grabber = lease.grabber();
    AVStream stream = Streams.audio(grabber);
    if (stream == null) {
      throw new Shortfall(current.source() + " lost its audio stream");
    }
    sourceIndex = stream.index();
    Streams.readOnly(grabber, sourceIndex);
    sourceTimeBase = stream.time_base();
    long startSample = format.sampleAt(current.startFrame());
    // In points count from the source's time zero (its picture's start); packets carry absolute times.
    long wantedMicros = SourceClock.zeroMicros(grabber) + current.inMicros()
        + Math.round((written - startSample) * 1e6 / format.sampleRate());
    long wanted = avutil.av_rescale(wantedMicros, sourceTimeBase.den(), 1_000_000L * sourceTimeBase.num());
    long halfFrame = samplesIn(FRAME / 2, sourceTimeBase);
    int sought = avformat.avformat_seek_file(grabber.getFormatContext(), sourceIndex, Long.MIN_VALUE,
        wanted - 2 * halfFrame, wanted - 2 * halfFrame, avformat.AVSEEK_FLAG_BACKWARD);
    if (sought < 0) {
      throw new FrameGrabber.Exception("avformat_seek_file() error " + sought + " in " + current.source());
    }
    pendingFrom = wanted - halfFrame;
  }

  private AVPacket nextPacket(PlannedClip current) throws FrameGrabber.Exception {
    FFmpegFrameGrabber grabber = lease().grabber();
    AVPacket packet;
    while ((packet = grabber.grabPacket()) != null) {
      if (packet.stream_index() != sourceIndex || packet.pts() != avutil.AV_NOPTS_VALUE && packet.pts() < pendingFrom) {
        avcodec.av_packet_unref(packet);
        continue;
      }
      pendingFrom = Long.MIN_VALUE;
      return packet;
    }
    throw new Shortfall(current.source() + " audio ended before clip " + current.clipIndex() + " did");
  }

  private GrabberLease lease() {
    GrabberLease current = lease;
    if (current == null) {
      throw new IllegalStateException("no clip open");
    }
    return current;
  }

  private void closeLease() {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }

  /** Copied packets hold nothing back. */
  @Override
  public void finish() {
    // nothing to flush
  }

  @Override
  public void close() {
    closeLease();
  }
}
