package dev.montage.ffmpeg.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import dev.montage.core.MediaInfo;
import dev.montage.ffmpeg.internal.probe.KeyframeIndex;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.SourceFacts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The refusals of stream-copy planning: decided from the probed facts alone, with an empty keyframe
 * index (reading it would fail: it holds no stream). The cut arithmetic over keyframes is held by
 * {@link CopyDecisionPropertyTest}.
 */
class CopyPlannerTest {

  static final OutputFormat FORMAT = new OutputFormat(1280, 720, 30, 48_000, 2);
  static final Path SOURCE = Path.of("does-not-exist", "source.mp4");

  /** An index gathered for no clip: a decision that read it would throw. */
  static final KeyframeIndex NO_KEYFRAMES = new KeyframeIndex(Map.of(), Map.of());

  static MediaInfo info(String codec, String pixelFormat, int width, int height, double fps, int rotation) {
    return new MediaInfo(SOURCE, 1_000_000, width, height, fps, Duration.ofSeconds(10), rotation, codec, pixelFormat,
        "aac", 2, 48_000);
  }

  static MediaInfo matching() {
    return info("h264", "yuv420p", FORMAT.width(), FORMAT.height(), FORMAT.fps(), 0);
  }

  static List<ResolvedClip> clips(int count) {
    SourceFacts facts = new SourceFacts(0, FORMAT.width(), FORMAT.height(), true, FORMAT.fps(), 10_000_000, 1_000_000);
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> new ResolvedClip(i, SOURCE.toString(), i * 1_000_000L, (i + 1) * 1_000_000L, facts))
        .toList();
  }

  Optional<CopyPlanner.CopyPlan> plan(MediaInfo info, int crossfadeFrames, boolean smartCut) {
    return CopyPlanner.plan(NO_KEYFRAMES, clips(3), Map.of(SOURCE, info), FORMAT, crossfadeFrames, smartCut);
  }

  @Property(tries = 20, seed = "20261127")
  void plan_refusesCrossfades(@ForAll @IntRange(min = 1, max = 1000) int crossfadeFrames, @ForAll boolean smartCut) {
    assertEquals(Optional.empty(), plan(matching(), crossfadeFrames, smartCut));
  }

  @Example
  void refusal_namesAClipThatPansAndZooms() {
    List<ResolvedClip> clips = new java.util.ArrayList<>(clips(3));
    ResolvedClip second = clips.get(1);
    clips.set(1, new ResolvedClip(1, second.source(), second.inMicros(), second.outMicros(), second.info(), 1, 1, false,
        new Motion(Motion.Crop.WHOLE, new Motion.Crop(0.25, 0.25, 0.5, 0.5)), null));
    assertEquals(Optional.of("clip 1 pans and zooms: its frames are cropped and encoded"), CopyPlanner.refusal(clips,
        Map.of(SOURCE, matching()), FORMAT, CopyPlanner.Rules.of(0, true, dev.montage.core.VideoCodec.H264)));
  }

  @Example
  void plan_refusesOtherCodecs() {
    assertEquals(Optional.empty(), plan(info("hevc", "yuv420p", 1280, 720, 30, 0), 0, true));
    assertEquals(Optional.empty(), plan(info("mpeg4", "yuv420p", 1280, 720, 30, 0), 0, true));
  }

  @Example
  void plan_refusesOtherPixelFormats() {
    assertEquals(Optional.empty(), plan(info("h264", "yuv420p10le", 1280, 720, 30, 0), 0, true));
    assertEquals(Optional.empty(), plan(info("h264", "yuvj420p", 1280, 720, 30, 0), 0, true));
  }

  @Property(tries = 50, seed = "20261127")
  void plan_refusesAnyOtherSize(@ForAll @IntRange(min = 16, max = 4096) int width,
      @ForAll @IntRange(min = 16, max = 4096) int height, @ForAll boolean smartCut) {
    net.jqwik.api.Assume.that(width != FORMAT.width() || height != FORMAT.height());
    assertEquals(Optional.empty(), plan(info("h264", "yuv420p", width, height, 30, 0), 0, smartCut));
  }

  @Example
  void plan_refusesRotatedSources() {
    assertEquals(Optional.empty(), plan(info("h264", "yuv420p", 1280, 720, 30, 90), 0, true));
    assertEquals(Optional.empty(), plan(info("h264", "yuv420p", 1280, 720, 30, 180), 0, true));
    // Turned a quarter, a 720x1280 source shows 1280x720; it still needs re-encoding (rotation).
    assertEquals(Optional.empty(), plan(info("h264", "yuv420p", 720, 1280, 30, 90), 0, true));
  }

  @Example
  void plan_refusesAFrameRateMoreThanAHundredthOff() {
    assertEquals(Optional.empty(), plan(info("h264", "yuv420p", 1280, 720, 30000 / 1001.0, 0), 0, true));
    assertEquals(Optional.empty(), plan(info("h264", "yuv420p", 1280, 720, 30.011, 0), 0, true));
    assertEquals(Optional.empty(), plan(info("h264", "yuv420p", 1280, 720, 25, 0), 0, true));
  }

  @Example
  void plan_refusesWhenOneOfSeveralSourcesDiffers() {
    Path other = Path.of("does-not-exist", "other.mp4");
    MediaInfo odd = new MediaInfo(other, 1, 1280, 720, 60, Duration.ofSeconds(1), 0, "h264", "yuv420p", null, 0, 0);
    assertEquals(Optional.empty(),
        CopyPlanner.plan(NO_KEYFRAMES, clips(2), Map.of(SOURCE, matching(), other, odd), FORMAT, 0, false));
  }

  @Example
  void plan_emptyJobIsNotCopied() {
    assertEquals(Optional.empty(), CopyPlanner.plan(NO_KEYFRAMES, List.of(), Map.of(), FORMAT, 0, true));
  }
}
