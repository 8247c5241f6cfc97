package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Clip;
import dev.montage.core.MontageJob;
import dev.montage.core.Transition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Shrinkable;

class MontageArbitrariesTest {

  private static final List<SourceInfo> SOURCES = List.of(
      new SourceInfo(Path.of("/videos/a.mp4"), Duration.ofSeconds(1)),
      new SourceInfo(Path.of("/videos/b.mov"), Duration.ofMillis(250)),
      new SourceInfo(Path.of("/videos/long.mkv"), Duration.ofMinutes(10)));
  private static final Map<Path, Duration> LENGTHS =
      SOURCES.stream().collect(Collectors.toMap(SourceInfo::path, SourceInfo::duration));
  private static final Path OUTPUT = Path.of("/out/montage.mp4");

  @Property(tries = 300)
  void resolutions_areEvenAndInRange(@ForAll("resolutions") Resolution size) {
    assertValidResolution(size, 7680, 4320);
  }

  @Example
  void resolutions_includeTheNamedSizes() {
    Set<Resolution> seen = MontageArbitraries.resolutions().sampleStream().limit(2000).collect(Collectors.toSet());

    assertTrue(seen.contains(new Resolution(1280, 720)));
    assertTrue(seen.contains(new Resolution(1920, 1080)));
    assertTrue(seen.contains(new Resolution(3840, 2160)));
    assertTrue(seen.contains(new Resolution(7680, 4320)));
  }

  @Property(tries = 200)
  void resolutions_respectAMaximum(@ForAll("smallResolutions") Resolution size) {
    assertValidResolution(size, 640, 360);
  }

  @Property(tries = 300)
  void frameRates_arePositiveAndAtMost120(@ForAll("frameRates") double fps) {
    assertTrue(fps >= 1 && fps <= 120, "fps " + fps);
  }

  @Example
  void frameRates_includeTheBroadcastRates() {
    Set<Double> seen = MontageArbitraries.frameRates().sampleStream().limit(2000).collect(Collectors.toSet());

    assertTrue(seen.containsAll(List.of(23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 60.0)), seen.toString());
  }

  @Property(tries = 500)
  void clip_staysInsideItsSource(@ForAll("clip") Clip clip) {
    assertValidClip(clip);
  }

  @Property(tries = 200)
  void clips_areOneToTwentyValidClips(@ForAll("clips") List<Clip> clips) {
    assertTrue(clips.size() >= 1 && clips.size() <= MontageArbitraries.MAX_CLIPS, "size " + clips.size());
    clips.forEach(MontageArbitrariesTest::assertValidClip);
  }

  @Property(tries = 200)
  void jobs_buildAndLeaveRoomForTheirTransitions(@ForAll("jobs") MontageJob job) {
    assertValidJob(job);
  }

  @Example
  void jobs_includeTitleCardsAndTexts() {
    List<MontageJob> jobs = MontageArbitraries.jobs(SOURCES, OUTPUT).sampleStream().limit(200).toList();
    assertTrue(jobs.stream().anyMatch(job -> job.clips().get(0).title() != null), "a title card");
    assertTrue(jobs.stream().anyMatch(job -> !job.overlays().isEmpty()), "a text over the montage");
  }

  @Example
  void clips_includeVideoThatPansAndZooms() {
    List<Clip> clips = MontageArbitraries.clip(SOURCES).sampleStream().limit(300).toList();
    assertTrue(clips.stream().anyMatch(clip -> !clip.still() && clip.panZoom() != null), "a video clip panning");
    assertTrue(clips.stream().anyMatch(clip -> !clip.still() && clip.panZoom() == null), "a video clip whole");
  }

  @Example
  void jobs_includeEveryKindOfTransition() {
    Set<Class<?>> seen = MontageArbitraries.jobs(SOURCES, OUTPUT).sampleStream().limit(500)
        .flatMap(job -> job.transitions().stream()).map(Object::getClass).collect(Collectors.toSet());
    assertEquals(Set.of(Transition.Cut.class, Transition.Crossfade.class, Transition.Dip.class, Transition.Wipe.class,
        Transition.Slide.class), seen);
  }

  @Example
  void shrinking_keepsClipsValid() {
    walkShrinks(MontageArbitraries.clip(SOURCES), MontageArbitrariesTest::assertValidClip);
  }

  @Example
  void shrinking_keepsJobsValid() {
    walkShrinks(MontageArbitraries.jobs(SOURCES, OUTPUT), MontageArbitrariesTest::assertValidJob);
  }

  @Example
  void shrinking_keepsResolutionsValid() {
    walkShrinks(MontageArbitraries.resolutions(), size -> assertValidResolution(size, 7680, 4320));
  }

  @Example
  void clips_rejectSourcesTooShortForAClip() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> MontageArbitraries.clip(
        List.of(new SourceInfo(Path.of("/videos/blink.mp4"), Duration.ofMillis(99)))));

    assertTrue(error.getMessage().contains("/videos/blink.mp4"), error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MontageArbitraries.clips(List.of()));
  }

  @Provide
  Arbitrary<Resolution> resolutions() {
    return MontageArbitraries.resolutions();
  }

  @Provide
  Arbitrary<Resolution> smallResolutions() {
    return MontageArbitraries.resolutions(640, 360);
  }

  @Provide
  Arbitrary<Double> frameRates() {
    return MontageArbitraries.frameRates();
  }

  @Provide
  Arbitrary<Clip> clip() {
    return MontageArbitraries.clip(SOURCES);
  }

  @Provide
  Arbitrary<List<Clip>> clips() {
    return MontageArbitraries.clips(SOURCES);
  }

  @Provide
  Arbitrary<MontageJob> jobs() {
    return MontageArbitraries.jobs(SOURCES, OUTPUT);
  }

  private static void assertValidResolution(Resolution size, int maxWidth, int maxHeight) {
    assertEquals(0, size.width() % 2, size.toString());
    assertEquals(0, size.height() % 2, size.toString());
    assertTrue(size.width() >= 16 && size.width() <= maxWidth, size.toString());
    assertTrue(size.height() >= 16 && size.height() <= maxHeight, size.toString());
  }

  private static void assertValidClip(Clip clip) {
    Duration length = LENGTHS.get(clip.source());
    Duration out = clip.outPoint().orElseThrow();
    assertTrue(length != null, "known source " + clip.source());
    assertTrue(!clip.in().isNegative(), clip.toString());
    assertTrue(out.compareTo(length) <= 0, clip + " ends after " + length);
    assertTrue(out.minus(clip.in()).compareTo(MontageArbitraries.MIN_CLIP) >= 0, clip + " is too short");
    assertTrue(clip.length().orElseThrow().compareTo(MontageArbitraries.MIN_CLIP) >= 0, clip + " is too short at its speed");
    assertTrue(clip.speed() >= 0.25 && clip.speed() <= 4, clip.toString());
  }

  private static void assertValidJob(MontageJob job) {
    List<Clip> clips = job.clips();
    assertTrue(clips.size() >= 1 && clips.size() <= 9, "clips " + clips.size());
    assertTrue(clips.stream().skip(1).allMatch(clip -> clip.title() == null), "a title card comes first if at all");
    clips.stream().filter(clip -> clip.title() == null && !clip.still()).forEach(MontageArbitrariesTest::assertValidClip);
    for (int i = 0; i < clips.size(); i++) {
      Duration before = i == 0 ? Duration.ZERO : job.transitions().get(i - 1).duration();
      Duration after = i == clips.size() - 1 ? Duration.ZERO : job.transitions().get(i).duration();
      assertTrue(clips.get(i).length().orElseThrow().compareTo(before.plus(after)) >= 0,
          "clip " + i + " shorter than its transitions in " + job);
    }
    assertEquals(OUTPUT, job.output().path());
    assertTrue(job.output().width() <= 1280 && job.output().height() <= 720, job.toString());
    // Building again proves every shrunk value still passes the core validator.
    job.toBuilder().build();
  }

  /** Checks {@code check} on generated values and every shrink candidate below them (bounded). */
  private static <T> void walkShrinks(Arbitrary<T> arbitrary, Consumer<T> check) {
    Random random = new Random(20_240_601);
    int visited = 0;
    for (int sample = 0; sample < 20; sample++) {
      Deque<Shrinkable<T>> pending = new ArrayDeque<>();
      pending.push(arbitrary.generator(1000).next(random));
      int budget = 150;
      while (!pending.isEmpty() && budget-- > 0) {
        Shrinkable<T> next = pending.pop();
        check.accept(next.value());
        visited++;
        next.shrink().limit(5).forEach(pending::push);
      }
    }
    assertTrue(visited > 100, "visited " + visited + " shrink candidates");
  }
}
