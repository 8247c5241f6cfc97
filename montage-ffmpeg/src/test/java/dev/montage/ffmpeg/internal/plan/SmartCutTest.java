package dev.montage.ffmpeg.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPlan;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.EncodePiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.Piece;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.SourceFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The pure half of smart cut: grouping a copy plan's encoded pieces into segments, those segments'
 * plans, and the joiner's runs. Plans are laid out as {@link CopyPlanner#plan} lays them out (per
 * clip: encoded whole, copied whole, or encoded head, copied middle, encoded tail), without media.
 */
@PropertyDefaults(tries = 150)
class SmartCutTest {

  static final OutputFormat FORMAT = new OutputFormat(320, 240, 30, 48_000, 2);
  static final EncoderSettings ENCODER = new EncoderSettings("libx264", "veryfast", 23, 0, 60, 1, "sps-id=1", "high");
  static final TimelinePlanner.SegmentFiles FILES = new TimelinePlanner.SegmentFiles() {
    @Override
    public String video(int index) {
      return "piece-" + index + ".mp4";
    }

    @Override
    public String audio(int index) {
      return "piece-" + index + ".pcm";
    }
  };

  /** How one clip is cut: {@code copy == 0} encodes it whole; {@code head == tail == 0} copies it whole. */
  record Cut(int head, int copy, int tail) {
    int frames() {
      return head + copy + tail;
    }
  }

  @Provide
  Arbitrary<List<Cut>> cuts() {
    Arbitrary<Cut> encodedWhole = Arbitraries.integers().between(1, 40).map(frames -> new Cut(frames, 0, 0));
    Arbitrary<Cut> copiedWhole = Arbitraries.integers().between(1, 40).map(frames -> new Cut(0, frames, 0));
    Arbitrary<Cut> split = Combinators.combine(Arbitraries.integers().between(0, 20),
        Arbitraries.integers().between(1, 60), Arbitraries.integers().between(0, 20)).as(Cut::new);
    return Arbitraries.oneOf(encodedWhole, copiedWhole, split).list().ofMinSize(1).ofMaxSize(25);
  }

  /** The plan CopyPlanner would make of {@code cuts}, piece by piece. */
  static CopyPlan plan(List<Cut> cuts) {
    List<PlannedClip> clips = new ArrayList<>();
    List<Piece> pieces = new ArrayList<>();
    long start = 0;
    for (int i = 0; i < cuts.size(); i++) {
      Cut cut = cuts.get(i);
      String source = "source-" + i + ".mp4";
      clips.add(new PlannedClip(i, source, 0, start, cut.frames(), 0, FORMAT.width(), FORMAT.height(), true, 30,
          10_000_000, 1, 1, Entrance.CUT, false, Motion.WHOLE, null));
      if (cut.copy() == 0) {
        pieces.add(new EncodePiece(i, start, start + cut.frames()));
      } else {
        if (cut.head() > 0) {
          pieces.add(new EncodePiece(i, start, start + cut.head()));
        }
        long copyStart = start + cut.head();
        pieces.add(new CopyPiece(new VideoRun(Path.of(source), 1000L * i, 1000L * i + 500, copyStart, i),
            copyStart + cut.copy()));
        if (cut.tail() > 0) {
          pieces.add(new EncodePiece(i, copyStart + cut.copy(), start + cut.frames()));
        }
      }
      start += cut.frames();
    }
    // Grouping, segments and runs never read the sources' avcC record (only mergedConfig does).
    return new CopyPlan(clips, pieces, start, null, 1, false);
  }

  static List<ResolvedClip> resolved(int count) {
    List<ResolvedClip> resolved = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      resolved.add(new ResolvedClip(i, "source-" + i + ".mp4", 0, 1_000_000,
          new SourceFacts(0, FORMAT.width(), FORMAT.height(), true, 30, 10_000_000, 100L << i)));
    }
    return resolved;
  }

  static List<EncodePiece> encoded(CopyPlan plan) {
    return plan.pieces().stream().filter(EncodePiece.class::isInstance).map(EncodePiece.class::cast).toList();
  }

  static Set<Integer> clipsOf(List<EncodePiece> group) {
    Set<Integer> clips = new TreeSet<>();
    group.forEach(piece -> clips.add(piece.clip()));
    return clips;
  }

  // groups

  @Property(seed = "20261127")
  void groups_holdEveryEncodedPieceOnceInTimelineOrder(
      @ForAll("cuts") List<Cut> cuts, @ForAll @IntRange(min = 1, max = 6) int perSegment) {
    CopyPlan plan = plan(cuts);
    List<EncodePiece> flattened = SmartCut.groups(plan, perSegment).stream().flatMap(List::stream).toList();
    assertEquals(encoded(plan), flattened);
  }

  @Property(seed = "20261127")
  void groups_areContiguousAndHoldAtMostPerSegmentClips(
      @ForAll("cuts") List<Cut> cuts, @ForAll @IntRange(min = 1, max = 6) int perSegment) {
    for (List<EncodePiece> group : SmartCut.groups(plan(cuts), perSegment)) {
      assertTrue(!group.isEmpty());
      for (int i = 1; i < group.size(); i++) {
        assertEquals(group.get(i - 1).endFrame(), group.get(i).firstFrame(), () -> "gap inside " + group);
      }
      assertTrue(clipsOf(group).size() <= perSegment, () -> group + " holds more than " + perSegment + " clips");
    }
  }

  /** Neighbouring groups are split only where they must be: at a copied piece, or a full group. */
  @Property(seed = "20261127")
  void groups_splitOnlyAtCopiesOrWhenFull(
      @ForAll("cuts") List<Cut> cuts, @ForAll @IntRange(min = 1, max = 6) int perSegment) {
    List<List<EncodePiece>> groups = SmartCut.groups(plan(cuts), perSegment);
    for (int g = 1; g < groups.size(); g++) {
      List<EncodePiece> before = groups.get(g - 1);
      EncodePiece last = before.get(before.size() - 1);
      EncodePiece next = groups.get(g).get(0);
      boolean separated = last.endFrame() != next.firstFrame();
      boolean full = clipsOf(before).size() == perSegment && last.clip() != next.clip();
      assertTrue(separated || full, () -> "needless split between " + before + " and " + next);
    }
  }

  @Example
  void groups_tailOfOneClipAndHeadOfTheNextShareASegment() {
    // Clip 0: 5 encoded, 20 copied, 3 encoded; clip 1 encoded whole (4); clip 2: 2 encoded, 10 copied.
    CopyPlan plan = plan(List.of(new Cut(5, 20, 3), new Cut(4, 0, 0), new Cut(2, 10, 0)));
    List<List<EncodePiece>> groups = SmartCut.groups(plan, 3);
    assertEquals(List.of(
        List.of(new EncodePiece(0, 0, 5)),
        List.of(new EncodePiece(0, 25, 28), new EncodePiece(1, 28, 32), new EncodePiece(2, 32, 34))), groups);

    List<List<EncodePiece>> pairs = SmartCut.groups(plan, 2);
    assertEquals(List.of(
        List.of(new EncodePiece(0, 0, 5)),
        List.of(new EncodePiece(0, 25, 28), new EncodePiece(1, 28, 32)),
        List.of(new EncodePiece(2, 32, 34))), pairs);
  }

  @Example
  void groups_noneWhenEverythingIsCopied() {
    assertEquals(List.of(), SmartCut.groups(plan(List.of(new Cut(0, 30, 0), new Cut(0, 12, 0))), 4));
  }

  // segments and runs

  @Property(seed = "20261127")
  void segments_coverTheirGroupsWithTheGroupsClips(
      @ForAll("cuts") List<Cut> cuts, @ForAll @IntRange(min = 1, max = 6) int perSegment) {
    CopyPlan plan = plan(cuts);
    List<List<EncodePiece>> groups = SmartCut.groups(plan, perSegment);
    List<ResolvedClip> resolved = resolved(cuts.size());
    List<SegmentPlan> segments = SmartCut.segments(groups, plan, resolved, ENCODER, FORMAT, FILES);
    assertEquals(groups.size(), segments.size());
    for (int k = 0; k < segments.size(); k++) {
      SegmentPlan segment = segments.get(k);
      List<EncodePiece> group = groups.get(k);
      assertEquals(k, segment.index());
      assertEquals(group.get(0).firstFrame(), segment.firstFrame());
      assertEquals(group.get(group.size() - 1).endFrame(), segment.endFrame());
      List<Integer> clips = segment.clips().stream().map(PlannedClip::clipIndex).toList();
      assertEquals(List.copyOf(clipsOf(group)), clips, "each clip once, in order");
      for (PlannedClip clip : segment.clips()) {
        assertEquals(plan.clips().get(clip.clipIndex()), clip);
      }
      assertEquals(clips.stream().mapToLong(i -> TimelinePlanner.spanBytes(resolved.get(i))).max().orElseThrow(),
          segment.spanBytes(), "the largest clip span, for the stall budget");
      assertEquals(FILES.video(k), segment.videoFile());
      assertEquals("", segment.audioFile(), "pieces take the timeline's audio");
      assertEquals(ENCODER, segment.encoder());
      assertEquals(FORMAT, segment.format());
    }
  }

  @Property(seed = "20261127")
  void runs_tileTheTimelineInOrder(
      @ForAll("cuts") List<Cut> cuts, @ForAll @IntRange(min = 1, max = 6) int perSegment) {
    CopyPlan plan = plan(cuts);
    List<SegmentPlan> segments = SmartCut.segments(SmartCut.groups(plan, perSegment), plan, resolved(cuts.size()),
        ENCODER, FORMAT, FILES);
    List<VideoRun> runs = SmartCut.runs(plan, segments, java.nio.file.Path.of("work"));

    // Each run covers [its start, the next run's start): the starts must be exactly where copied
    // pieces and encoded segments begin, and each segment must end where the next run begins.
    List<Long> expectedStarts = new ArrayList<>();
    plan.pieces().stream().filter(CopyPiece.class::isInstance).forEach(p -> expectedStarts.add(p.firstFrame()));
    segments.forEach(s -> expectedStarts.add(s.firstFrame()));
    expectedStarts.sort(null);
    assertEquals(expectedStarts, runs.stream().map(VideoRun::startFrame).toList());
    assertEquals(0, runs.get(0).startFrame());
    for (int i = 1; i < runs.size(); i++) {
      assertTrue(runs.get(i - 1).startFrame() < runs.get(i).startFrame(), "runs overlap or repeat");
    }
    for (SegmentPlan segment : segments) {
      long end = segment.endFrame();
      assertTrue(end == plan.totalFrames() || runs.stream().anyMatch(run -> run.startFrame() == end),
          () -> "nothing follows segment " + segment.index() + " at frame " + end);
    }
    for (VideoRun run : runs) {
      if (run.clipIndex() < 0) {
        assertEquals(0, run.fromPts());
        assertEquals(Long.MAX_VALUE, run.toPts(), "an encoded segment is read to its end");
      }
    }
  }
}
