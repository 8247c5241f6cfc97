package dev.montage.ffmpeg.internal.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.montage.core.Transition;
import dev.montage.core.internal.TimelineFrames;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.SourceFacts;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Placing clips on the frame timeline, cutting it into segments, and fitting sources into the
 * frame: pure arithmetic, checked over random clip lists at common frame rates without media.
 */
@PropertyDefaults(tries = 100)
class TimelinePlannerTest {

  /** Frame rates cameras and editors write, NTSC ones as their exact fractions. */
  static final double[] COMMON_FPS = {24000 / 1001.0, 24, 25, 30000 / 1001.0, 30, 50, 60000 / 1001.0, 60};
  static final OutputFormat FORMAT = new OutputFormat(640, 360, 30, 48_000, 2);
  static final EncoderSettings ENCODER = new EncoderSettings("libx264", "veryfast", 23, 0, 60, 1, "", "");
  static final TimelinePlanner.SegmentFiles FILES = new TimelinePlanner.SegmentFiles() {
    @Override
    public String video(int index) {
      return "segment-" + index + ".mp4";
    }

    @Override
    public String audio(int index) {
      return "segment-" + index + ".pcm";
    }
  };

  /** A job: output rate, clip lengths in microseconds, the transition after each clip but the last, batch size. */
  record Job(double fps, List<Long> lengths, List<Transition> transitions, int batch) {

    /** The same transition of {@code frames} at every boundary: a crossfade, or cuts for 0. */
    Job(double fps, List<Long> lengths, int frames, int batch) {
      this(fps, lengths, java.util.Collections.nCopies(lengths.size() - 1, transition(Entrance.Style.CROSSFADE, frames, fps)), batch);
    }

    /** Frames the transition after clip {@code i} asks for; 0 after the last. */
    int requested(int i) {
      return i < transitions.size()
          ? TimelineFrames.transitionFrames(TimelineFrames.micros(transitions.get(i).duration()), fps) : 0;
    }

    OutputFormat format() {
      return new OutputFormat(FORMAT.width(), FORMAT.height(), fps, FORMAT.sampleRate(), FORMAT.channels());
    }

    List<ResolvedClip> clips() {
      List<ResolvedClip> clips = new ArrayList<>();
      long in = 0;
      for (int i = 0; i < lengths.size(); i++) {
        // Sources differ in bytes (so sums are checkable) and size; in points move along one source.
        SourceFacts facts = new SourceFacts(0, 1920, 1080, i % 2 == 0, fps, 600_000_000L, 1_000L + i);
        clips.add(new ResolvedClip(i, "clip-" + i + ".mp4", in, in + lengths.get(i), facts));
        in += 7_000;
      }
      return clips;
    }

    Timeline place() {
      return TimelinePlanner.place(clips(), format(), transitions);
    }

    List<SegmentPlan> segments(Timeline timeline) {
      return TimelinePlanner.segments(timeline, clips(), batch, format(), ENCODER, FILES);
    }
  }

  /** Clips of at least one output frame (the validator's rule), up to 4 s, as exact microseconds. */
  @Provide
  Arbitrary<Job> jobs() {
    return Arbitraries.of(java.util.Arrays.stream(COMMON_FPS).boxed().toList()).flatMap(fps -> {
      long oneFrame = (long) Math.ceil(1e6 / fps);
      Arbitrary<List<Long>> lengths = Arbitraries.frequencyOf(
              net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(oneFrame, 4_000_000L)),
              net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(oneFrame, 4 * oneFrame)))
          .list().ofMinSize(1).ofMaxSize(30);
      return Combinators.combine(lengths, Arbitraries.integers().between(1, 12), Arbitraries.integers().between(0, 2))
          .flatAs((list, batch, mix) -> transitions(list.size() - 1, fps, mix).map(t -> new Job(fps, list, t, batch)));
    });
  }

  /**
   * {@code count} transitions of 0 to 40 frames: the same crossfade at every boundary ({@code mix}
   * 0, the old single-crossfade jobs), any kind and length at each ({@code 1}), or cuts with a
   * transition here and there ({@code 2}).
   */
  static Arbitrary<List<Transition>> transitions(int count, double fps, int mix) {
    Arbitrary<Entrance.Style> styles = Arbitraries.of(Entrance.Style.class).filter(style -> style != Entrance.Style.CUT);
    Arbitrary<Integer> frames = Arbitraries.integers().between(0, 40);
    if (mix == 0) {
      return frames.map(n -> java.util.Collections.nCopies(count, transition(Entrance.Style.CROSSFADE, n, fps)));
    }
    Arbitrary<Transition> one = Combinators.combine(styles, frames).as((style, n) -> transition(style, n, fps));
    Arbitrary<Transition> each = mix == 1 ? one
        : Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(Transition.cut())), net.jqwik.api.Tuple.of(1, one));
    return each.list().ofSize(count);
  }

  /** A transition of {@code style} lasting exactly {@code frames} frames at {@code fps}; a cut for 0. */
  static Transition transition(Entrance.Style style, int frames, double fps) {
    Duration length = Duration.ofNanos(Math.round(frames * 1e9 / fps));
    Transition.Direction direction = Transition.Direction.values()[style.ordinal() % 4];
    return frames == 0 ? Transition.cut() : switch (style) {
      case DIP_BLACK -> Transition.dipToBlack(length);
      case DIP_WHITE -> Transition.dipToWhite(length);
      case WIPE_LEFT, WIPE_RIGHT, WIPE_UP, WIPE_DOWN -> Transition.wipe(direction, length);
      case SLIDE_LEFT, SLIDE_RIGHT, SLIDE_UP, SLIDE_DOWN -> Transition.slide(direction, length);
      default -> Transition.crossfade(length);
    };
  }

  // place

  @Property(seed = "20261127")
  void place_totalIsTheSumOfClipFramesMinusOverlaps(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    List<PlannedClip> clips = timeline.clips();
    long sum = clips.stream().mapToLong(PlannedClip::frameCount).sum();
    long overlaps = clips.stream().mapToLong(clip -> clip.entrance().frames()).sum();
    assertEquals(sum - overlaps, timeline.totalFrames());
    assertEquals(clips.get(clips.size() - 1).endFrame(), timeline.totalFrames());
  }

  @Property(seed = "20261127")
  void place_roundsCumulativeEndsSoNothingDrifts(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    long cumulativeMicros = 0;
    long cumulativeFrames = 0;
    for (int i = 0; i < job.lengths().size(); i++) {
      cumulativeMicros += job.lengths().get(i);
      cumulativeFrames += timeline.clips().get(i).frameCount();
      double exact = cumulativeMicros * job.fps() / 1e6;
      long ends = cumulativeFrames;
      int clip = i;
      assertTrue(Math.abs(cumulativeFrames - exact) <= 0.5, () -> "clip " + clip + " ends at frame " + ends + " but exactly at " + exact);
      assertTrue(timeline.clips().get(i).frameCount() >= 1, () -> "clip " + clip + " vanished: " + timeline.clips().get(clip));
    }
  }

  @Property(seed = "20261127")
  void place_eachClipStartsItsEntranceBeforeThePreviousEnds(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    List<PlannedClip> clips = timeline.clips();
    assertEquals(0, clips.get(0).startFrame());
    assertEquals(Entrance.CUT, clips.get(0).entrance());
    for (int i = 1; i < clips.size(); i++) {
      assertEquals(clips.get(i - 1).endFrame() - clips.get(i).entrance().frames(), clips.get(i).startFrame());
    }
  }

  @Property(seed = "20261127")
  void place_transitionsAreTheRequestsClampedSoNoClipIsInTwoAtOnce(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    List<PlannedClip> clips = timeline.clips();
    for (int i = 0; i < clips.size(); i++) {
      PlannedClip clip = clips.get(i);
      long after = i + 1 < clips.size() ? clips.get(i + 1).entrance().frames() : 0;
      assertTrue(clip.entrance().frames() + after <= clip.frameCount(), "clip " + i + " is in two transitions at once");
      if (i > 0) {
        Entrance entrance = clip.entrance();
        assertTrue(entrance.frames() <= job.requested(i - 1), "transition " + (i - 1) + " grew: " + entrance);
        if (entrance.frames() > 0) {
          assertEquals(Entrance.Style.of(job.transitions().get(i - 1)), entrance.style());
        }
        // Where both neighbours have room for what their two ends ask, nothing is clamped.
        int beforePrevious = i >= 2 ? job.requested(i - 2) : 0;
        boolean fits = beforePrevious + job.requested(i - 1) <= clips.get(i - 1).frameCount()
            && job.requested(i - 1) + job.requested(i) <= clip.frameCount();
        if (fits) {
          assertEquals(job.requested(i - 1), entrance.frames(), "transition " + (i - 1) + " clamped though it fits");
        }
      }
    }
  }

  @Property(seed = "20261127")
  void place_keepsEachClipsIdentityAndInPoint(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    List<ResolvedClip> resolved = job.clips();
    for (int i = 0; i < resolved.size(); i++) {
      PlannedClip placed = timeline.clips().get(i);
      assertEquals(resolved.get(i).clipIndex(), placed.clipIndex());
      assertEquals(resolved.get(i).source(), placed.source());
      assertEquals(resolved.get(i).inMicros(), placed.inMicros());
      assertEquals(resolved.get(i).info().hasAudio(), placed.hasAudio());
      assertEquals(640, placed.fitWidth());
      assertEquals(360, placed.fitHeight());
    }
  }

  @Example
  void place_threeClipsWithACrossfade() {
    // 3 x 2 s at 30 fps with 15 frames of crossfade: 60 frames each, starting at 0, 45, 90.
    Job job = new Job(30, List.of(2_000_000L, 2_000_000L, 2_000_000L), 15, 1);
    Timeline timeline = job.place();
    assertEquals(new Entrance(Entrance.Style.CROSSFADE, 15), timeline.clips().get(1).entrance());
    assertEquals(150, timeline.totalFrames());
    assertEquals(List.of(0L, 45L, 90L), timeline.clips().stream().map(PlannedClip::startFrame).toList());
  }

  @Example
  void place_singleClipHasNoCrossfade() {
    Timeline timeline = new Job(25, List.of(1_000_000L), 10, 4).place();
    assertEquals(Entrance.CUT, timeline.clips().get(0).entrance());
    assertEquals(25, timeline.totalFrames());
  }

  /**
   * Once a finding: a clip of 33.333334 ms (one frame by the validator) becomes 33 333 us, less than
   * a frame, and where its cumulative end fell on a half frame it got no frame at all (50 ms then
   * that clip at 30 fps: ends 1.5 and 2.49999 frames, both rounding to 2); the render then failed.
   * Every clip now keeps at least one frame.
   */
  @Example
  void place_clipOfOneFrameByTheValidatorGetsAFrame() {
    long truncated = dev.montage.core.internal.TimelineFrames.micros(java.time.Duration.ofNanos(33_333_334));
    Timeline timeline = new Job(30, List.of(50_000L, truncated), 0, 1).place();
    assertEquals(1, timeline.clips().get(1).frameCount());
    assertEquals(3, timeline.totalFrames());
  }

  // segments

  @Property(seed = "20261127")
  void segments_coverTheTimelineWithoutGapOrOverlap(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    List<SegmentPlan> segments = job.segments(timeline);
    assertEquals(0, segments.get(0).firstFrame());
    for (int k = 1; k < segments.size(); k++) {
      assertEquals(segments.get(k - 1).endFrame(), segments.get(k).firstFrame(), "between segments " + (k - 1) + " and " + k);
    }
    assertEquals(timeline.totalFrames(), segments.get(segments.size() - 1).endFrame());
    for (SegmentPlan segment : segments) {
      assertTrue(segment.frameCount() >= 0, "segment runs backwards: " + segment);
    }
    assertEquals(timeline.totalFrames(), segments.stream().mapToLong(SegmentPlan::frameCount).sum());
  }

  @Property(seed = "20261127")
  void segments_holdEachClipOnceAsItsOwnAndOnceMoreAsLookaheadWithTransitions(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    List<SegmentPlan> segments = job.segments(timeline);
    int n = timeline.clips().size();
    // A last clip alone in its batch and no longer than its entrance is drawn whole by the segment
    // before (as its lookahead) and gets no segment of its own.
    PlannedClip lastClip = timeline.clips().get(n - 1);
    boolean lastDrawnBefore = n > 1 && (n - 1) % job.batch() == 0 && lastClip.entrance().frames() > 0
        && lastClip.frameCount() <= lastClip.entrance().frames();
    assertEquals((n + job.batch() - 1) / job.batch() - (lastDrawnBefore ? 1 : 0), segments.size());
    int[] own = new int[n];
    int[] lookahead = new int[n];
    for (int k = 0; k < segments.size(); k++) {
      SegmentPlan segment = segments.get(k);
      assertEquals(k, segment.index());
      int first = k * job.batch();
      int ownCount = Math.min(job.batch(), n - first);
      boolean withLookahead = first + ownCount < n && timeline.clips().get(first + ownCount).entrance().frames() > 0;
      assertEquals(ownCount + (withLookahead ? 1 : 0), segment.clips().size(), "clips of segment " + k);
      for (int j = 0; j < segment.clips().size(); j++) {
        PlannedClip clip = segment.clips().get(j);
        assertEquals(timeline.clips().get(first + j), clip, "segment " + k + " clip " + j + " in timeline order");
        if (j < ownCount) {
          own[clip.clipIndex()]++;
        } else {
          lookahead[clip.clipIndex()]++;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(i == n - 1 && lastDrawnBefore ? 0 : 1, own[i], "clip " + i + " is its own in exactly one segment");
      boolean startsASegment = i % job.batch() == 0 && i > 0;
      assertEquals(startsASegment && timeline.clips().get(i).entrance().frames() > 0 ? 1 : 0, lookahead[i],
          "clip " + i + " as lookahead");
    }
  }

  @Property(seed = "20261127")
  void segments_showAtEveryFrameTheClipsTheTimelineShows(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    List<PlannedClip> all = timeline.clips();
    for (SegmentPlan segment : job.segments(timeline)) {
      for (long frame = segment.firstFrame(); frame < segment.endFrame(); frame++) {
        TreeSet<Integer> inSegment = showing(segment.clips(), frame);
        TreeSet<Integer> onTimeline = showing(all, frame);
        long at = frame;
        assertEquals(onTimeline, inSegment, () -> "segment " + segment.index() + " at frame " + at);
        assertTrue(inSegment.size() == 1 || inSegment.size() == 2
            && timeline.clips().get(inSegment.last()).entrance().frames() > 0, () -> "frame " + at + " shows " + inSegment);
      }
    }
  }

  @Property(seed = "20261127")
  void segments_transitionAcrossABoundaryIsRenderedWhollyByTheEarlierSegment(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    List<SegmentPlan> segments = job.segments(timeline);
    for (int k = 0; k + 1 < segments.size(); k++) {
      PlannedClip incoming = timeline.clips().get((k + 1) * job.batch());
      PlannedClip outgoing = timeline.clips().get((k + 1) * job.batch() - 1);
      long overlapStart = incoming.startFrame();
      long overlapEnd = outgoing.endFrame();
      assertEquals(incoming.entrance().frames(), overlapEnd - overlapStart);
      assertTrue(segments.get(k).firstFrame() <= overlapStart, "overlap starts inside segment " + k);
      assertEquals(overlapEnd, segments.get(k).endFrame(), "segment " + k + " ends with the overlap");
      assertEquals(overlapEnd, segments.get(k + 1).firstFrame(), "segment " + (k + 1) + " skips the incoming head");
    }
  }

  @Property(seed = "20261127")
  void segments_carryBytesFilesFormatAndEncoder(@ForAll("jobs") Job job) {
    Timeline timeline = job.place();
    List<SegmentPlan> segments = job.segments(timeline);
    List<ResolvedClip> resolved = job.clips();
    for (SegmentPlan segment : segments) {
      long bytes = segment.clips().stream()
          .mapToLong(clip -> TimelinePlanner.spanBytes(resolved.get(clip.clipIndex()))).max().orElseThrow();
      assertEquals(bytes, segment.spanBytes(), "the largest clip span, for the stall budget");
      for (PlannedClip clip : segment.clips()) {
        ResolvedClip source = resolved.get(clip.clipIndex());
        assertTrue(TimelinePlanner.spanBytes(source) <= source.info().bytes(), "a span reads at most its file");
      }
      assertEquals(FILES.video(segment.index()), segment.videoFile());
      assertEquals(FILES.audio(segment.index()), segment.audioFile());
      assertEquals(job.format(), segment.format());
      assertEquals(ENCODER, segment.encoder());
    }
  }

  @Example
  void segments_twoBatchesWithACrossfade() {
    Job job = new Job(30, List.of(2_000_000L, 2_000_000L, 2_000_000L), 15, 2);
    List<SegmentPlan> segments = job.segments(job.place());
    assertEquals(2, segments.size());
    assertEquals(List.of(0L, 105L), List.of(segments.get(0).firstFrame(), segments.get(0).endFrame()));
    assertEquals(List.of(0, 1, 2), segments.get(0).clips().stream().map(PlannedClip::clipIndex).toList());
    assertEquals(List.of(105L, 150L), List.of(segments.get(1).firstFrame(), segments.get(1).endFrame()));
    assertEquals(List.of(2), segments.get(1).clips().stream().map(PlannedClip::clipIndex).toList());
  }

  /**
   * Once a finding: when the last clip lasts exactly the crossfade (the validator allows it: an end
   * clip needs only one crossfade) and had a segment of its own, the previous segment showed it
   * wholly as lookahead and its own segment wrote no frame; rendered (2 s then 0.5 s, crossfade
   * 0.5 s, 30 fps, 2 CPUs) the job failed with "segment-00001.mp4 cannot be read back". Such a
   * segment is no longer planned.
   */
  @Example
  void segments_lastClipAsLongAsTheCrossfadeLeavesNoEmptySegment() {
    Job job = new Job(30, List.of(2_000_000L, 500_000L), 15, 1);
    List<SegmentPlan> segments = job.segments(job.place());
    for (SegmentPlan segment : segments) {
      assertTrue(segment.frameCount() > 0, "empty segment " + segment.index() + " of " + segments.size());
    }
  }

  private static TreeSet<Integer> showing(List<PlannedClip> clips, long frame) {
    TreeSet<Integer> showing = new TreeSet<>();
    for (PlannedClip clip : clips) {
      if (clip.startFrame() <= frame && frame < clip.endFrame()) {
        showing.add(clip.clipIndex());
      }
    }
    return showing;
  }

  // fit

  @Provide
  Arbitrary<Integer> rotations() {
    return Arbitraries.of(0, 90, 180, 270, -90);
  }

  @Property(seed = "20261127")
  void fit_isEvenAtLeastTwoAndInsideTheFrame(
      @ForAll @IntRange(min = 16, max = 8192) int sourceW, @ForAll @IntRange(min = 16, max = 8192) int sourceH,
      @ForAll("rotations") int rotation,
      @ForAll @IntRange(min = 8, max = 3840) int halfW, @ForAll @IntRange(min = 8, max = 2160) int halfH) {
    int width = 2 * halfW;
    int height = 2 * halfH;
    int[] fit = TimelinePlanner.fit(facts(rotation, sourceW, sourceH), width, height);
    boolean turned = rotation % 180 != 0;
    int shownW = turned ? fit[1] : fit[0];
    int shownH = turned ? fit[0] : fit[1];
    assertTrue(fit[0] % 2 == 0 && fit[1] % 2 == 0 && fit[0] >= 2 && fit[1] >= 2, "odd or empty " + fit[0] + "x" + fit[1]);
    assertTrue(shownW <= width && shownH <= height, shownW + "x" + shownH + " does not fit " + width + "x" + height);
  }

  /**
   * Each fitted side is the exactly scaled side made even: rounding loses at most half a pixel and
   * making it even at most one more, so it is off by less than 1.5 px (2 where the exact side is
   * below the 2 px floor).
   */
  @Property(seed = "20261127")
  void fit_keepsTheAspectUpToEvenRounding(
      @ForAll @IntRange(min = 16, max = 8192) int sourceW, @ForAll @IntRange(min = 16, max = 8192) int sourceH,
      @ForAll("rotations") int rotation,
      @ForAll @IntRange(min = 8, max = 3840) int halfW, @ForAll @IntRange(min = 8, max = 2160) int halfH) {
    int width = 2 * halfW;
    int height = 2 * halfH;
    int[] fit = TimelinePlanner.fit(facts(rotation, sourceW, sourceH), width, height);
    boolean turned = rotation % 180 != 0;
    double displayW = turned ? sourceH : sourceW;
    double displayH = turned ? sourceW : sourceH;
    double scale = Math.min(width / displayW, height / displayH);
    int shownW = turned ? fit[1] : fit[0];
    int shownH = turned ? fit[0] : fit[1];
    assertTrue(close(shownW, displayW * scale), "width " + shownW + " for exact " + displayW * scale);
    assertTrue(close(shownH, displayH * scale), "height " + shownH + " for exact " + displayH * scale);
    assertTrue(shownW >= width - 1 || shownH >= height - 1, "neither side fills the frame: " + shownW + "x" + shownH);
  }

  private static boolean close(int fitted, double exact) {
    return exact < 2 ? fitted == 2 : Math.abs(fitted - exact) < 1.5;
  }

  @Property(seed = "20261127")
  void fit_quarterTurnSwapsTheSides(
      @ForAll @IntRange(min = 16, max = 8192) int sourceW, @ForAll @IntRange(min = 16, max = 8192) int sourceH,
      @ForAll @IntRange(min = 8, max = 3840) int halfW, @ForAll @IntRange(min = 8, max = 2160) int halfH) {
    int width = 2 * halfW;
    int height = 2 * halfH;
    int[] upright = TimelinePlanner.fit(facts(0, sourceH, sourceW), width, height);
    int[] turned = TimelinePlanner.fit(facts(90, sourceW, sourceH), width, height);
    assertArrayEquals(new int[] {upright[1], upright[0]}, turned);
    assertArrayEquals(turned, TimelinePlanner.fit(facts(270, sourceW, sourceH), width, height));
    assertArrayEquals(turned, TimelinePlanner.fit(facts(-90, sourceW, sourceH), width, height));
    assertArrayEquals(TimelinePlanner.fit(facts(0, sourceW, sourceH), width, height),
        TimelinePlanner.fit(facts(180, sourceW, sourceH), width, height));
  }

  @Example
  void fit_portraitPhoneVideoIsPillarboxed() {
    // Stored 1920x1080 turned 90 degrees: shows 1080x1920, scaled by 360/1920 to 202.5 -> 202 x 360.
    assertArrayEquals(new int[] {360, 202}, TimelinePlanner.fit(facts(90, 1920, 1080), 640, 360));
  }

  @Example
  void fit_sameAspectFillsTheFrame() {
    assertArrayEquals(new int[] {640, 360}, TimelinePlanner.fit(facts(0, 1920, 1080), 640, 360));
    assertArrayEquals(new int[] {3840, 2160}, TimelinePlanner.fit(facts(180, 1280, 720), 3840, 2160));
  }

  @Example
  void zoomedSize_isTheFitTimesTheDeepestZoom_capsAtTheSource_andKeepsStoredOrientation() {
    Motion toQuarter = new Motion(Motion.Crop.WHOLE, new Motion.Crop(0.25, 0.25, 0.5, 0.5));
    // 1920x1080 into 640x360, zooming 2x: decoded at 1280x720.
    assertArrayEquals(new int[] {1280, 720}, TimelinePlanner.zoomedSize(facts(0, 1920, 1080), FORMAT, toQuarter));
    // Not past the source's own size: 1280x720 zoomed 4x into 640x360 stays 1280x720.
    Motion toSixteenth = new Motion(Motion.Crop.WHOLE, new Motion.Crop(0, 0, 0.25, 0.25));
    assertArrayEquals(new int[] {1280, 720}, TimelinePlanner.zoomedSize(facts(0, 1280, 720), FORMAT, toSixteenth));
    // A portrait phone video (stored 1920x1080, turned 90): fitted 360x202 stored, zoomed 2x.
    assertArrayEquals(new int[] {720, 404}, TimelinePlanner.zoomedSize(facts(90, 1920, 1080), FORMAT, toQuarter));
    // No zoom (a pan at full size, or a whole picture): the plain fit.
    assertArrayEquals(TimelinePlanner.fit(facts(0, 1920, 1080), 640, 360),
        TimelinePlanner.zoomedSize(facts(0, 1920, 1080), FORMAT, Motion.WHOLE));
  }

  private static SourceFacts facts(int rotation, int width, int height) {
    return new SourceFacts(rotation, width, height, true, 30, 1_000_000, 1);
  }

  // crossfadeFrames

  @Property(seed = "20261127")
  void crossfadeFrames_roundsHalfUp(@ForAll @IntRange(min = 0, max = 10_000_000) int micros) {
    for (double fps : COMMON_FPS) {
      int frames = TimelineFrames.transitionFrames(micros, fps);
      assertTrue(Math.abs(frames - micros * fps / 1e6) <= 0.5, frames + " frames for " + micros + " us at " + fps);
    }
  }
}
