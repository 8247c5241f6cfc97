package dev.montage.ffmpeg.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MediaInfo;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyDecision;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPlan;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.EncodePiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.Piece;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.SourceFacts;
import dev.montage.ffmpeg.internal.probe.KeyframeIndex;
import dev.montage.ffmpeg.internal.probe.VideoStreamFacts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The copy and smart-cut decisions on made-up streams, without media: the planner reads a source's
 * stream and IDR frames from a {@link KeyframeIndex}, so GOP layouts and cuts can be generated.
 */
class CopyDecisionPropertyTest {

  static final OutputFormat FORMAT = new OutputFormat(1280, 720, 30, 48_000, 2);
  static final int SOURCE_FRAMES = 300;
  static final Path SOURCE = Path.of("/media/source.mp4");
  /** An avcC record (High profile, SPS and PPS id 0) whose parameter set ids leave room for smart cut. */
  static final byte[] AVCC = {1, 100, 0, 40, (byte) 0xFF, (byte) 0xE1, 0, 6, 0x67, 100, 0, 40, (byte) 0xAC, 0x2B,
      1, 0, 4, 0x68, (byte) 0xCE, 0x3C, (byte) 0x80, (byte) 0xFD, (byte) 0xF8, (byte) 0xF8, 0};

  /** A source whose IDR frames are at the given frames; pts count frames (time base 1/30). */
  record Gops(TreeSet<Long> idrFrames) {

    /** What the probe stage would gather for {@code clips}: the stream, and each clip's first and last IDR frame. */
    KeyframeIndex index(List<ResolvedClip> clips) {
      VideoStreamFacts stream = new VideoStreamFacts(SOURCE.toString(), 0, AVCC, 1, 30, 0, SOURCE_FRAMES, "h264");
      Map<Integer, KeyframeIndex.ClipIdrs> idrs = new java.util.HashMap<>();
      for (ResolvedClip clip : clips) {
        VideoStreamFacts.FrameSpan span = stream.span(clip.inMicros(), clip.outMicros(), 30);
        Long first = idrFrames.ceiling(span.fromPts());
        Long last = idrFrames.floor(span.toPts());
        idrs.put(clip.clipIndex(), first == null || first > span.toPts() || first >= span.last()
            ? KeyframeIndex.ClipIdrs.NONE : new KeyframeIndex.ClipIdrs(OptionalLong.of(first), OptionalLong.of(last)));
      }
      return new KeyframeIndex(Map.of(SOURCE.toString(), stream), idrs);
    }
  }

  /** A clip from frame {@code in}, {@code frames} long. */
  record Cut(long in, long frames) {}

  @Provide
  Arbitrary<Gops> gops() {
    Arbitrary<Integer> interval = Arbitraries.integers().between(5, 90);
    Arbitrary<List<Long>> extra = Arbitraries.longs().between(1, SOURCE_FRAMES - 1).list().ofMaxSize(4);
    return Combinators.combine(interval, extra).as((every, more) -> {
      TreeSet<Long> idr = new TreeSet<>();
      for (long f = 0; f < SOURCE_FRAMES; f += every) {
        idr.add(f);
      }
      idr.addAll(more);
      return new Gops(idr);
    });
  }

  @Provide
  Arbitrary<List<Cut>> cuts() {
    return Arbitraries.longs().between(0, SOURCE_FRAMES - 2)
        .flatMap(in -> Arbitraries.longs().between(1, Math.min(150, SOURCE_FRAMES - in)).map(n -> new Cut(in, n)))
        .list().ofMinSize(1).ofMaxSize(6);
  }

  static List<ResolvedClip> clips(List<Cut> cuts) {
    SourceFacts facts = new SourceFacts(0, 1280, 720, true, 30, SOURCE_FRAMES * 1_000_000L / 30, 1_000_000);
    List<ResolvedClip> clips = new ArrayList<>();
    for (int i = 0; i < cuts.size(); i++) {
      Cut cut = cuts.get(i);
      clips.add(new ResolvedClip(i, SOURCE.toString(), Math.round(cut.in() * 1e6 / 30),
          Math.round((cut.in() + cut.frames()) * 1e6 / 30), facts));
    }
    return clips;
  }

  static CopyDecision decide(Gops gops, List<Cut> cuts, boolean smartCut) {
    MediaInfo info = new MediaInfo(SOURCE, 1_000_000, 1280, 720, 30, Duration.ofSeconds(10), 0, "h264", "yuv420p",
        "aac", 2, 48_000);
    List<ResolvedClip> clips = clips(cuts);
    return CopyPlanner.decide(gops.index(clips), clips, Map.of(SOURCE, info), FORMAT, 0, smartCut);
  }

  /**
   * With isolation the index is gathered and the decision joined in worker processes: both cross a
   * process boundary as they are (the same bytes once serialised again), files, IDR frames, parameter
   * sets and all; the decision made from the crossed index is the same.
   */
  @Property(tries = 100, seed = "20261128")
  void indexAndDecision_crossProcessesUnchanged(@ForAll("gops") Gops gops, @ForAll("cuts") List<Cut> cuts)
      throws Exception {
    List<ResolvedClip> clips = clips(cuts);
    KeyframeIndex index = gops.index(clips);
    KeyframeIndex crossed = (KeyframeIndex) crossed(index);
    assertEquals(java.util.Arrays.toString(serialised(index)), java.util.Arrays.toString(serialised(crossed)));
    for (ResolvedClip clip : clips) {
      assertEquals(index.idrs(clip.clipIndex()), crossed.idrs(clip.clipIndex()));
    }
    CopyDecision decision = decide(gops, cuts, true);
    CopyDecision again = (CopyDecision) crossed(decision);
    assertTrue(java.util.Arrays.equals(serialised(decision), serialised(again)), "the decision, crossed");
    assertEquals(decision.copied().orElseThrow().pieces().toString().replaceAll("@[0-9a-f]+", ""),
        again.copied().orElseThrow().pieces().toString().replaceAll("@[0-9a-f]+", ""));
  }

  private static byte[] serialised(java.io.Serializable value) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  private static Object crossed(java.io.Serializable value) throws Exception {
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(serialised(value)))) {
      return in.readObject();
    }
  }

  @Property(tries = 300, seed = "20261127")
  void smartCut_piecesTileTheOutput_andEveryCopyStartsOnAnIdrFrame(
      @ForAll("gops") Gops gops, @ForAll("cuts") List<Cut> cuts) {
    CopyPlan plan = decide(gops, cuts, true).copied().orElseThrow();
    long at = 0;
    for (Piece piece : plan.pieces()) {
      assertEquals(at, piece.firstFrame(), "pieces must follow each other without gap or overlap");
      assertTrue(piece.endFrame() > piece.firstFrame(), "empty piece " + piece);
      if (piece instanceof CopyPiece copy) {
        assertTrue(gops.idrFrames().contains(copy.run().fromPts()), "copy starting off an IDR frame: " + copy);
      }
      at = piece.endFrame();
    }
    assertEquals(plan.totalFrames(), at);
    assertEquals(cuts.stream().mapToLong(Cut::frames).sum(), plan.totalFrames(), "every clip keeps its frames");
  }

  @Property(tries = 300, seed = "20261127")
  void smartCut_eachClipIsCopiedBetweenItsFirstAndLastIdrFrame(
      @ForAll("gops") Gops gops, @ForAll("cuts") List<Cut> cuts) {
    CopyPlan plan = decide(gops, cuts, true).copied().orElseThrow();
    for (int i = 0; i < cuts.size(); i++) {
      Cut cut = cuts.get(i);
      int clip = i;
      long copied = plan.pieces().stream().filter(CopyPiece.class::isInstance).map(CopyPiece.class::cast)
          .filter(copy -> copy.run().clipIndex() == clip).mapToLong(copy -> copy.endFrame() - copy.firstFrame()).sum();
      long encoded = plan.pieces().stream().filter(EncodePiece.class::isInstance).map(EncodePiece.class::cast)
          .filter(piece -> piece.clip() == clip).mapToLong(piece -> piece.endFrame() - piece.firstFrame()).sum();
      assertEquals(cut.frames(), copied + encoded, "clip " + i);
      Long firstIdr = gops.idrFrames().ceiling(cut.in());
      boolean idrInside = firstIdr != null && firstIdr < cut.in() + cut.frames();
      if (!idrInside) {
        assertEquals(0, copied, "clip " + i + " has no IDR frame inside: nothing of it can be copied");
      }
    }
  }

  @Property(tries = 300, seed = "20261127")
  void withoutSmartCut_onlyJobsCutOnIdrFramesAreCopied_wholeClipsOnly(
      @ForAll("gops") Gops gops, @ForAll("cuts") List<Cut> cuts) {
    CopyDecision decision = decide(gops, cuts, false);
    boolean allOnIdr = cuts.stream().allMatch(cut -> gops.idrFrames().contains(cut.in())
        && (cut.in() + cut.frames() == SOURCE_FRAMES || gops.idrFrames().contains(cut.in() + cut.frames())));
    assertEquals(allOnIdr, decision.copied().isPresent(), decision.whyNot());
    decision.copied().ifPresent(plan ->
        assertFalse(plan.encodes(), "without smart cut nothing is encoded"));
    if (!allOnIdr) {
      assertTrue(decision.whyNot().contains("is not cut on IDR frames"), decision.whyNot());
    }
  }

  @net.jqwik.api.Example
  void streamsOfAnotherTimeBase_areRefusedFromTheirHeadersAlone() {
    Path other = Path.of("/media/other.mp4");
    KeyframeIndex headersOnly = new KeyframeIndex(Map.of(
        SOURCE.toString(), new VideoStreamFacts(SOURCE.toString(), 0, AVCC, 1, 30, 0, SOURCE_FRAMES, "h264"),
        other.toString(), new VideoStreamFacts(other.toString(), 1, AVCC, 1, 90_000, 0, SOURCE_FRAMES * 3000L, "h264")),
        Map.of());
    List<ResolvedClip> clips = new ArrayList<>(clips(List.of(new Cut(0, 30))));
    clips.add(new ResolvedClip(1, other.toString(), 0, 1_000_000, clips.get(0).info()));

    assertEquals(java.util.Optional.of(other + " has another video time base than " + SOURCE),
        CopyPlanner.streamRefusal(headersOnly, clips, Map.of(), dev.montage.core.VideoCodec.H264));
    assertEquals(java.util.Optional.empty(),
        CopyPlanner.streamRefusal(headersOnly, clips.subList(0, 1), Map.of(), dev.montage.core.VideoCodec.H264));
  }
}
