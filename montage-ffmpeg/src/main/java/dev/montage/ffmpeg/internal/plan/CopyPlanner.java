package dev.montage.ffmpeg.internal.plan;

import java.io.Serializable;
import dev.montage.core.MediaInfo;
import dev.montage.core.VideoCodec;
import dev.montage.ffmpeg.internal.h264.AvcConfig;
import dev.montage.ffmpeg.internal.h264.IdRemap;
import dev.montage.ffmpeg.internal.h264.StreamUnion;
import dev.montage.ffmpeg.internal.hevc.HvcConfig;
import dev.montage.ffmpeg.internal.probe.KeyframeIndex;
import dev.montage.ffmpeg.internal.probe.VideoStreamFacts;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a job's video can be copied instead of re-encoded, and plans it as pieces.
 *
 * <p>Copying needs hard cuts only and sources that are all H.264 yuv420p at exactly the output's size
 * and frame rate, unrotated, with one time base, whose parameter sets can share one stream (the same
 * profile, chroma, bit depth, coded size and field coding; different encoders or settings are fine:
 * {@link StreamUnion} gives every set its own id, and the slices of a source whose ids moved are
 * rewritten as they are copied). Copying starts
 * only at IDR frames (nothing after one refers to anything before it). A clip whose cuts fall on
 * IDR frames is one copy piece. With smart cut, a clip whose cuts fall between them becomes up to
 * three pieces: the frames from its in point to its first IDR encoded, the whole GOPs from there to
 * its last IDR copied, the frames from there to its out point encoded; a clip without two IDR
 * frames inside is encoded whole. Without smart cut, such a job is not copied at all.
 *
 * <p>All arithmetic is in source frames: the source's rate is the output's, so output frame
 * {@code j} of a clip is source frame {@code first + j}, and encoded and copied pieces meet
 * without a frame lost or repeated.
 */
public final class CopyPlanner {

  private static final Logger LOG = LoggerFactory.getLogger(CopyPlanner.class);

  private CopyPlanner() {}

  /** One span of the output: copied from a source, or to be encoded. */
  public sealed interface Piece extends Serializable permits CopyPiece, EncodePiece {
    /** Global output frame of the piece's first frame. */
    long firstFrame();

    /** Global output frame after the piece's last. */
    long endFrame();
  }

  /** Compressed video copied from a source. */
  public record CopyPiece(VideoRun run, long endFrame) implements Piece {
    @Override
    public long firstFrame() {
      return run.startFrame();
    }
  }

  /** Frames of {@code clip} (an index into {@link CopyPlan#clips()}) to encode. */
  public record EncodePiece(int clip, long firstFrame, long endFrame) implements Piece {}

  /**
   * The plan.
   *
   * @param clips every clip placed on the output timeline, in points on source frames
   * @param pieces the output's spans in order, with no gap
   * @param totalFrames frames of the output
   * @param sourceConfig the output's H.264 decoder configuration: every source's SPS/PPS under distinct
   *     ids; {@code null} for HEVC
   * @param parameterSetId id for the encoded pieces' SPS/PPS, free in {@code sourceConfig}
   * @param joinsEncoders whether the sources have different configurations (from different encoders
   *     or settings), so that the output's H.264 record is not any one source's, or HEVC sources'
   *     parameter sets change in the stream
   * @param hevcConfig the sources' HEVC record (the first clip's), {@code null} for H.264; the
   *     joiner repeats each run's sets in the stream where they change
   */
  public record CopyPlan(List<PlannedClip> clips, List<Piece> pieces, long totalFrames, @Nullable AvcConfig sourceConfig,
      int parameterSetId, boolean joinsEncoders, @Nullable HvcConfig hevcConfig) implements Serializable {

    /** An H.264 plan. */
    public CopyPlan(List<PlannedClip> clips, List<Piece> pieces, long totalFrames, @Nullable AvcConfig sourceConfig,
        int parameterSetId, boolean joinsEncoders) {
      this(clips, pieces, totalFrames, sourceConfig, parameterSetId, joinsEncoders, null);
    }

    /**
     * The H.264 record of the output.
     *
     * @throws IllegalStateException for an HEVC copy
     */
    public AvcConfig h264Config() {
      AvcConfig config = sourceConfig;
      if (config == null) {
        throw new IllegalStateException("an HEVC copy has no H.264 record");
      }
      return config;
    }

    /** Whether the output is HEVC. */
    public boolean hevc() {
      return hevcConfig != null;
    }

    /**
     * The encoder profile of the pieces a smart cut encodes: the sources' ({@code baseline},
     * {@code main}, {@code high} for H.264, {@code main} or {@code main10} for HEVC).
     *
     * @throws IllegalStateException when the plan encodes nothing a splice could take
     */
    public String spliceProfile() {
      Optional<String> profile = hevcConfig != null ? hevcConfig.x265Profile() : h264Config().x264Profile();
      return profile.orElseThrow(() -> new IllegalStateException("no profile to splice into"));
    }

    /** Whether any piece is encoded (a smart cut) rather than everything copied. */
    public boolean encodes() {
      return pieces.stream().anyMatch(piece -> piece instanceof EncodePiece);
    }
  }

  /**
   * Whether the job is copied, and how: a plan, or the reason it is not.
   *
   * @param plan the copy plan, or {@code null} when the job is re-encoded
   * @param whyNot the reason the job is not copied, in words; empty when it is
   */
  public record CopyDecision(@Nullable CopyPlan plan, String whyNot) implements Serializable {

    /** The plan, if the job is copied. */
    public Optional<CopyPlan> copied() {
      return Optional.ofNullable(plan);
    }
  }

  /** The plan for {@code clips}, or empty when the job must be re-encoded; see {@link #decide}. */
  public static Optional<CopyPlan> plan(KeyframeIndex keyframes, List<ResolvedClip> clips, Map<Path, MediaInfo> sources,
      OutputFormat format, int transitionFrames, boolean smartCut) {
    return decide(keyframes, clips, sources, format, transitionFrames, smartCut).copied();
  }

  /**
   * Decides whether {@code clips} are copied: the plan, or the reason they are re-encoded.
   *
   * @param smartCut whether cuts between IDR frames may be encoded (else such jobs are not copied)
   */
  public static CopyDecision decide(KeyframeIndex keyframes, List<ResolvedClip> clips, Map<Path, MediaInfo> sources,
      OutputFormat format, int transitionFrames, boolean smartCut) {
    return decide(keyframes, clips, sources, format, Rules.of(transitionFrames, smartCut, VideoCodec.H264));
  }

  /**
   * Why {@code clips} cannot be copied under {@code rules}, as far as the probed facts of their
   * {@code sources} tell without their keyframes: what the job asks (transitions, titles, stills, pans
   * and zooms, speed) and
   * how a source differs from the output; empty when the keyframes decide.
   */
  public static Optional<String> refusal(List<ResolvedClip> clips, Map<Path, MediaInfo> sources, OutputFormat format,
      Rules rules) {
    return encodingAsked(clips, rules).or(() -> sourceMismatch(sources, format, rules.codec()));
  }

  /** The spans of {@code clips} whose keyframes a decision reads (see {@link KeyframeIndex}). */
  public static List<KeyframeIndex.ClipSpan> spans(List<ResolvedClip> clips) {
    return clips.stream()
        .map(clip -> new KeyframeIndex.ClipSpan(clip.clipIndex(), clip.source(), clip.inMicros(), clip.outMicros()))
        .toList();
  }

  /** The first source whose stream a copy into {@code format} cannot keep, and why. */
  private static Optional<String> sourceMismatch(Map<Path, MediaInfo> sources, OutputFormat format, VideoCodec codec) {
    for (MediaInfo info : sources.values()) {
      Optional<String> mismatch = mismatch(info, format, codec);
      if (mismatch.isPresent()) {
        return Optional.of(info.path() + ": " + mismatch.get());
      }
    }
    return Optional.empty();
  }

  /** What the job itself asks that only encoding does: transitions, a title, a still image, a pan and zoom, another speed. */
  private static Optional<String> encodingAsked(List<ResolvedClip> clips, Rules rules) {
    if (rules.transitionFrames() > 0) {
      return Optional.of("transitions other than cuts need re-encoding");
    }
    for (ResolvedClip clip : clips) {
      if (clip.title() != null) {
        return Optional.of("clip " + clip.clipIndex() + " is a title card: it is drawn");
      }
      if (clip.still()) {
        return Optional.of("clip " + clip.clipIndex() + " is a still image: it is encoded");
      }
      if (!clip.motion().isWhole()) {
        return Optional.of("clip " + clip.clipIndex() + " pans and zooms: its frames are cropped and encoded");
      }
      if (clip.speed() != 1) {
        return Optional.of("clip " + clip.clipIndex() + " plays at " + clip.speed() + "x: retiming needs re-encoding");
      }
    }
    return Optional.empty();
  }

  /**
   * What a job asks of a copy.
   *
   * @param transitionFrames frames of the transitions between clips that are not cuts (any: no copy)
   * @param noSmartCut why cuts between IDR frames may not be encoded (then such jobs are not copied),
   *     in words; empty when they may
   * @param codec the output's codec: H.264 or HEVC
   */
  public record Rules(int transitionFrames, String noSmartCut, VideoCodec codec) implements Serializable {

    /** Rules where smart cut is allowed, or turned off. */
    public static Rules of(int transitionFrames, boolean smartCut, VideoCodec codec) {
      return new Rules(transitionFrames, smartCut ? "" : "smart cut is turned off", codec);
    }

    /** Whether cuts between IDR frames may be encoded. */
    public boolean smartCut() {
      return noSmartCut.isEmpty();
    }
  }

  /**
   * Decides whether {@code clips} are copied under {@code rules}: the plan, or the reason they are
   * re-encoded. HEVC sources copy where their records agree on profile, NAL length size and pixel
   * format; their smart cut's pieces need a Main or Main 10 profile (what x265 writes).
   */
  public static CopyDecision decide(KeyframeIndex keyframes, List<ResolvedClip> clips, Map<Path, MediaInfo> sources,
      OutputFormat format, Rules rules) {
    boolean smartCut = rules.smartCut();
    VideoCodec codec = rules.codec();
    Optional<String> encodes = refusal(clips, sources, format, rules);
    if (encodes.isPresent()) {
      return no(encodes.get());
    }
    SourceStreams streams = SourceStreams.of(keyframes, clips, sources, codec);
    if (streams.whyNot() != null) {
      return no(streams.whyNot());
    }
    Map<String, VideoStreamFacts> indexes = streams.indexes();
    Joined joined = streams.joined();
    StreamUnion union = joined.union();
    AvcConfig config = union == null ? null : union.config();
    int parameterSetId = config == null ? -1 : config.freeId().orElse(-1);
    HvcConfig hevc = joined.hevc();
    Optional<String> noSplice = !smartCut ? Optional.of(rules.noSmartCut())
        : hevc != null ? hevc.x265Profile().isPresent() ? Optional.empty()
            : Optional.of("smart cut of HEVC takes Main and Main 10 sources only (profile " + hevc.profile() + ")")
        : config == null || parameterSetId < 0 || config.x264Profile().isEmpty()
            ? Optional.of("smart cut is not possible (needs a baseline, main or high profile and a free parameter set id)")
            : Optional.empty();

    List<PlannedClip> planned = new ArrayList<>(clips.size());
    List<Piece> pieces = new ArrayList<>();
    long start = 0;
    for (int i = 0; i < clips.size(); i++) {
      ResolvedClip clip = clips.get(i);
      // Every clip's source was scanned in the loop above.
      VideoStreamFacts index = Objects.requireNonNull(indexes.get(clip.source()), clip.source());
      ClipCut cut = ClipCut.of(index.span(clip.inMicros(), clip.outMicros(), format.fps()),
          keyframes.idrs(clip.clipIndex()), index, format.fps());
      if (!cut.copiesWhole() && noSplice.isPresent()) {
        return no("clip " + clip.clipIndex() + " is not cut on IDR frames and " + noSplice.get());
      }
      long frames = cut.frames();
      long inMicros = Math.round(cut.firstFrame() * 1e6 / format.fps());
      planned.add(new PlannedClip(clip.clipIndex(), clip.source(), inMicros, start, frames, 0, format.width(),
          format.height(), clip.info().hasAudio(), clip.info().fps(), clip.info().micros(), clip.gain(),
          1, Entrance.CUT, false, Motion.WHOLE, null));
      addPieces(pieces, i, clip, cut, start, joined.remaps().get(clip.source()));
      start += frames;
    }
    return new CopyDecision(new CopyPlan(planned, pieces, start, config, parameterSetId,
        union != null && union.remaps().size() > 1 || joined.hevcRecordsDiffer(), hevc), "");
  }

  /**
   * Why {@code clips}' sources cannot share one copied stream, from their video streams alone (one
   * time base, joinable decoder records); empty when their keyframes decide. {@code streams} need
   * hold only the streams (see {@code PacketKeyframes.streams}), so a refused job reads no packet.
   */
  public static Optional<String> streamRefusal(KeyframeIndex streams, List<ResolvedClip> clips,
      Map<Path, MediaInfo> sources, VideoCodec codec) {
    return Optional.ofNullable(SourceStreams.of(streams, clips, sources, codec).whyNot());
  }

  /** Each source's video stream, the sources joined as one stream, or why they cannot be. */
  private record SourceStreams(Map<String, VideoStreamFacts> indexes, Joined joined, @Nullable String whyNot) {

    static SourceStreams of(KeyframeIndex keyframes, List<ResolvedClip> clips, Map<Path, MediaInfo> sources,
        VideoCodec codec) {
      Map<String, VideoStreamFacts> indexes = new HashMap<>();
      VideoStreamFacts reference = null;
      for (ResolvedClip clip : clips) {
        VideoStreamFacts index = indexes.computeIfAbsent(clip.source(), keyframes::stream);
        if (reference == null) {
          reference = index;
        } else if (!reference.sameTimeBase(index)) {
          return new SourceStreams(indexes, Joined.hevcNot(""),
              clip.source() + " has another video time base than " + clips.get(0).source());
        }
      }
      Joined joined = codec == VideoCodec.HEVC ? joinHevc(clips, indexes, sources) : join(clips, indexes);
      return new SourceStreams(indexes, joined, joined.whyNot());
    }
  }

  /**
   * The sources' configurations as one stream, with each source's remap (H.264), or why they cannot
   * be.
   */
  private record Joined(@Nullable StreamUnion union, Map<String, IdRemap> remaps, @Nullable HvcConfig hevc,
      boolean hevcRecordsDiffer, @Nullable String whyNot) {

    Joined(@Nullable StreamUnion union, Map<String, IdRemap> remaps, @Nullable String whyNot) {
      this(union, remaps, null, false, whyNot);
    }

    static Joined hevcNot(String whyNot) {
      return new Joined(null, Map.of(), null, false, whyNot);
    }
  }

  /**
   * HEVC sources join where their records agree on profile, NAL length size and pixel format; the
   * joiner repeats a source's parameter sets in the stream where they differ from the run before
   * (see {@link HvcConfig}), so different encoders and settings need no renumbering.
   */
  private static Joined joinHevc(List<ResolvedClip> clips, Map<String, VideoStreamFacts> indexes,
      Map<Path, MediaInfo> sources) {
    HvcConfig first = null;
    String firstPixels = null;
    boolean differ = false;
    for (ResolvedClip clip : clips) {
      Optional<HvcConfig> config = HvcConfig.parse(Objects.requireNonNull(indexes.get(clip.source())).extradata());
      if (config.isEmpty()) {
        return Joined.hevcNot(clip.source() + ": its HEVC configuration is not an hvcC record");
      }
      MediaInfo info = sources.get(Path.of(clip.source()));
      String pixels = info == null ? "" : info.pixelFormat();
      if (first == null) {
        first = config.get();
        firstPixels = pixels;
      } else if (!first.equals(config.get())) {
        differ = true;
        String differs = first.profile() != config.get().profile()
            ? "profile " + config.get().profile() + " against " + first.profile()
            : first.lengthSize() != config.get().lengthSize()
            ? config.get().lengthSize() + "-byte NAL lengths against " + first.lengthSize()
            : !pixels.equals(firstPixels) ? pixels + " against " + firstPixels : "";
        if (!differs.isEmpty()) {
          return Joined.hevcNot("the sources' HEVC streams cannot be joined: " + clip.source() + " has " + differs
              + " in " + clips.get(0).source());
        }
      }
    }
    if (first == null) {
      return Joined.hevcNot("there are no clips");
    }
    return new Joined(null, Map.of(), first, differ, null);
  }

  /**
   * Joins the distinct decoder configurations of the clips' sources, the first clip's first: sources
   * from different encoders share the output stream when their parameter sets can (see
   * {@link StreamUnion}).
   */
  private static Joined join(List<ResolvedClip> clips, Map<String, VideoStreamFacts> indexes) {
    Map<String, Integer> configIndex = new LinkedHashMap<>();
    List<AvcConfig> configs = new ArrayList<>();
    List<String> firstSource = new ArrayList<>();
    Map<String, Integer> sourceConfig = new HashMap<>();
    for (ResolvedClip clip : clips) {
      if (sourceConfig.containsKey(clip.source())) {
        continue;
      }
      byte[] extradata = Objects.requireNonNull(indexes.get(clip.source())).extradata();
      String key = java.util.HexFormat.of().formatHex(extradata);
      Integer at = configIndex.get(key);
      if (at == null) {
        Optional<AvcConfig> parsed = AvcConfig.parse(extradata);
        if (parsed.isEmpty()) {
          return new Joined(null, Map.of(), clip.source() + ": its H.264 configuration is not an avcC record");
        }
        at = configs.size();
        configIndex.put(key, at);
        configs.add(parsed.get());
        firstSource.add(clip.source());
      }
      sourceConfig.put(clip.source(), at);
    }
    if (configs.isEmpty()) {
      return new Joined(null, Map.of(), "there are no clips");
    }
    StreamUnion.Outcome outcome = StreamUnion.of(configs);
    if (outcome.union() == null) {
      String why = outcome.whyNot();
      for (int c = configs.size() - 1; c >= 0; c--) {
        why = why.replace("configuration " + c, firstSource.get(c));
      }
      return new Joined(null, Map.of(), "the sources' H.264 streams cannot be joined: " + why);
    }
    StreamUnion union = outcome.union();
    Map<String, IdRemap> remaps = new HashMap<>();
    sourceConfig.forEach((source, at) -> remaps.put(source, union.remaps().get(at)));
    return new Joined(union, remaps, null);
  }

  /** Clip {@code i} as pieces from output frame {@code start}: encoded head, copied GOPs, encoded tail. */
  private static void addPieces(List<Piece> pieces, int i, ResolvedClip clip, ClipCut cut, long start,
      @Nullable IdRemap remap) {
    if (cut.copyFrames() == 0) {
      pieces.add(new EncodePiece(i, start, start + cut.frames()));
      return;
    }
    if (cut.head() > 0) {
      pieces.add(new EncodePiece(i, start, start + cut.head()));
    }
    long copyStart = start + cut.head();
    pieces.add(new CopyPiece(new VideoRun(Path.of(clip.source()), cut.fromPts(), cut.toPts(), copyStart,
        clip.clipIndex(), remap == null || remap.identity() ? null : remap), copyStart + cut.copyFrames()));
    if (cut.tail() > 0) {
      pieces.add(new EncodePiece(i, copyStart + cut.copyFrames(), start + cut.frames()));
    }
  }

  /**
   * How {@code source} differs from what copying into {@code format} needs (H.264 yuv420p, the
   * output's size and frame rate, no rotation), in words; empty when it does not.
   */
  public static Optional<String> mismatch(MediaInfo source, OutputFormat format) {
    return mismatch(source, format, VideoCodec.H264);
  }

  /**
   * How {@code source} differs from what copying into a {@code codec} output in {@code format} needs
   * (that codec, 4:2:0 chroma, 8-bit; HEVC may be 10-bit; the output's size and frame rate, no
   * rotation), in words; empty when it does not.
   */
  public static Optional<String> mismatch(MediaInfo source, OutputFormat format, VideoCodec codec) {
    boolean pixels = "yuv420p".equals(source.pixelFormat())
        || codec == VideoCodec.HEVC && "yuv420p10le".equals(source.pixelFormat());
    if (codec.id().equals(source.videoCodec()) && pixels
        && source.width() == format.width() && source.height() == format.height() && source.rotation() == 0
        && Math.abs(source.frameRate() - format.fps()) <= 0.01) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "source is %dx%d %s %s at %.3f fps%s, output is %dx%d %s"
        + " yuv420p at %.3f fps", source.width(), source.height(), source.videoCodec(), source.pixelFormat(),
        source.frameRate(), source.rotation() == 0 ? "" : ", turned " + source.rotation() + " degrees",
        format.width(), format.height(), codec.displayName(), format.fps()));
  }

  private static CopyDecision no(String why) {
    LOG.debug("stream copy not possible: {}", why);
    return new CopyDecision(null, why);
  }

  /**
   * How one clip is cut, in source frames: it shows [{@code firstFrame}, {@code firstFrame + frames});
   * {@code copyFrames} of them, from {@code fromPts} (an IDR frame) to {@code toPts} (the next piece's
   * IDR frame, or {@link Long#MAX_VALUE} for the source's end), are copied, after {@code head} encoded
   * ones and before {@code tail} encoded ones.
   */
  private record ClipCut(long firstFrame, long frames, long head, long copyFrames, long tail, long fromPts, long toPts) {

    static ClipCut of(VideoStreamFacts.FrameSpan span, KeyframeIndex.ClipIdrs idrs, VideoStreamFacts index,
        double fps) {
      long first = span.first();
      long frames = span.frames();
      boolean toEnd = span.toEnd();
      long last = span.last();
      long firstIdr = idrs.first().orElse(-1);
      long lastIdr = idrs.last().orElse(-1);
      if (firstIdr < 0) {
        return new ClipCut(first, frames, frames, 0, 0, -1, -1);
      }
      long copyFrom = index.frameOf(firstIdr, fps);
      long copyTo = toEnd ? last : index.frameOf(lastIdr, fps);
      if (copyTo <= copyFrom) {
        return new ClipCut(first, frames, frames, 0, 0, -1, -1);
      }
      return new ClipCut(first, frames, copyFrom - first, copyTo - copyFrom, last - copyTo, firstIdr,
          toEnd ? Long.MAX_VALUE : lastIdr);
    }

    /** Whether the whole clip is copied. */
    boolean copiesWhole() {
      return copyFrames == frames;
    }
  }
}
