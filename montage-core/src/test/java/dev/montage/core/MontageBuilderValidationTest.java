package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per rule of {@link MontageBuilder#build()}: each invalid setting is reported as exactly one
 * problem that names the setting and the value, and the boundary values are accepted.
 */
class MontageBuilderValidationTest {

  @TempDir Path dir;

  /** A valid two-clip job; each test breaks one setting. */
  private MontageBuilder valid() {
    return MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(4))
        .clip(dir.resolve("b.mp4"), Duration.ofSeconds(1), Duration.ofSeconds(5))
        .output(dir.resolve("out.mp4"))
        .tempDir(dir);
  }

  @Test
  void build_validJobPasses() {
    MontageJob job = valid().build();
    assertEquals(2, job.clips().size());
  }

  // Clips and output.

  @Test
  void build_noClips() {
    String problem = onlyProblem(MontageBuilder.create().output(dir.resolve("out.mp4")));
    assertContains(problem, "no clips", "clip(");
  }

  @Test
  void build_noOutput() {
    String problem = onlyProblem(MontageBuilder.create().clip(dir.resolve("a.mp4")));
    assertContains(problem, "no output path", "output(Path)");
  }

  @Test
  void build_emptyBuilderReportsClipsAndOutput() {
    InvalidJobException e = assertThrows(InvalidJobException.class, () -> MontageBuilder.create().build());
    assertEquals(2, e.problems().size(), e::getMessage);
  }

  @Test
  void build_outputExtensionUnsupported() {
    Path avi = dir.resolve("out.avi");
    String problem = onlyProblem(valid().output(avi));
    assertContains(problem, "output " + avi, "must end in one of", "mp4", "m4v", "mov", "mkv");
  }

  @Test
  void build_outputWithoutExtension() {
    Path bare = dir.resolve("montage");
    String problem = onlyProblem(valid().output(bare));
    assertContains(problem, "output " + bare, "must end in one of");
  }

  @ParameterizedTest
  @ValueSource(strings = {"out.mp4", "out.m4v", "out.mov", "out.mkv", "OUT.MKV"})
  void build_outputExtensionAccepted(String name) {
    assertDoesNotThrow(() -> valid().output(dir.resolve(name)).build());
  }

  @Test
  void build_outputEqualsSource() {
    Path source = dir.resolve("b.mp4");
    String problem = onlyProblem(valid().output(source));
    assertContains(problem, "clip 1", "source " + source, "is also the output path");
  }

  @Test
  void build_outputEqualsSourceAfterNormalising() {
    Path roundabout = dir.resolve("sub").resolve("..").resolve("a.mp4");
    String problem = onlyProblem(valid().output(roundabout));
    assertContains(problem, "clip 0", "is also the output path");
  }

  // Frame size.

  @ParameterizedTest
  @ValueSource(ints = {0, -2, Integer.MIN_VALUE})
  void build_widthNotPositive(int width) {
    assertEquals("width must be > 0 but was " + width, onlyProblem(valid().size(width, 1080)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1921, 8191})
  void build_widthOdd(int width) {
    assertEquals("width must be even (H.264 with 4:2:0 chroma) but was " + width,
        onlyProblem(valid().size(width, 1080)));
  }

  @ParameterizedTest
  @ValueSource(ints = {8194, 16_384, Integer.MAX_VALUE - 1})
  void build_widthAboveMaximum(int width) {
    assertEquals("width must be <= 8192 but was " + width, onlyProblem(valid().size(width, 1080)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -2})
  void build_heightNotPositive(int height) {
    assertEquals("height must be > 0 but was " + height, onlyProblem(valid().size(1920, height)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1081})
  void build_heightOdd(int height) {
    assertEquals("height must be even (H.264 with 4:2:0 chroma) but was " + height,
        onlyProblem(valid().size(1920, height)));
  }

  @Test
  void build_heightAboveMaximum() {
    assertEquals("height must be <= 8192 but was 8194", onlyProblem(valid().size(1920, 8194)));
  }

  @Test
  void build_sizeAtTheLimitsAccepted() {
    assertDoesNotThrow(() -> valid().size(2, 2).build());
    assertDoesNotThrow(() -> valid().size(8192, 8192).build());
  }

  // Frame rate.

  @ParameterizedTest
  @ValueSource(doubles = {0, -5, Double.NEGATIVE_INFINITY})
  void build_frameRateNotPositive(double fps) {
    assertEquals("frame rate must be > 0 but was " + fps, onlyProblem(valid().frameRate(fps)));
  }

  @Test
  void build_frameRateNaN() {
    assertEquals("frame rate must be > 0 but was NaN", onlyProblem(valid().frameRate(Double.NaN)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {240.5, 3000, Double.POSITIVE_INFINITY})
  void build_frameRateAboveMaximum(double fps) {
    assertEquals("frame rate must be <= 240.0 but was " + fps, onlyProblem(valid().frameRate(fps)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 23.976, 29.97, 240})
  void build_frameRateAccepted(double fps) {
    assertDoesNotThrow(() -> valid().frameRate(fps).build());
  }

  // In and out points.

  @Test
  void build_inPointNegative() {
    Path a = dir.resolve("a.mp4");
    MontageBuilder builder = MontageBuilder.create()
        .clip(a, Duration.ofSeconds(-1), Duration.ofSeconds(2))
        .output(dir.resolve("out.mp4"));
    assertEquals("clip 0 (" + a + "): in point must not be negative but was -1.0s", onlyProblem(builder));
  }

  @Test
  void build_inPointNegativeOnWholeClip() {
    Path a = dir.resolve("a.mp4");
    MontageBuilder builder = MontageBuilder.create()
        .clip(new Clip(a, Duration.ofMillis(-250), null))
        .output(dir.resolve("out.mp4"));
    assertEquals("clip 0 (" + a + "): in point must not be negative but was -0.25s", onlyProblem(builder));
  }

  @Test
  void build_outPointNegative() {
    Path c = dir.resolve("c.mp4");
    MontageBuilder builder = valid().clip(c, Duration.ZERO, Duration.ofSeconds(-2));
    assertEquals("clip 2 (" + c + "): out point must not be negative but was -2.0s", onlyProblem(builder));
  }

  @Test
  void build_outPointBeforeInPoint() {
    Path c = dir.resolve("c.mp4");
    MontageBuilder builder = valid().clip(c, Duration.ofSeconds(5), Duration.ofSeconds(3));
    assertEquals("clip 2 (" + c + "): out point 3.0s must be after in point 5.0s", onlyProblem(builder));
  }

  @Test
  void build_outPointEqualToInPoint() {
    Path c = dir.resolve("c.mp4");
    MontageBuilder builder = valid().clip(c, Duration.ofMillis(2500), Duration.ofMillis(2500));
    assertEquals("clip 2 (" + c + "): out point 2.5s must be after in point 2.5s", onlyProblem(builder));
  }

  @Test
  void build_clipShorterThanOneFrame() {
    Path c = dir.resolve("c.mp4");
    MontageBuilder builder = valid().frameRate(25).clip(c, Duration.ofSeconds(1), Duration.ofMillis(1030));
    assertEquals("clip 2 (" + c + "): lasts 0.03s, shorter than one frame at 25.0 fps; make it at least 0.04s",
        onlyProblem(builder));
  }

  @Test
  void build_clipOfExactlyOneFrameAccepted() {
    valid().frameRate(25).clip(dir.resolve("c.mp4"), Duration.ofSeconds(1), Duration.ofMillis(1040)).build();
  }

  // Crossfade.

  @Test
  void build_crossfadeNegative() {
    assertEquals("crossfade must not be negative but was -0.5s",
        onlyProblem(valid().crossfade(Duration.ofMillis(-500))));
  }

  @Test
  void build_crossfadeLongerThanEndClip() {
    Path a = dir.resolve("a.mp4");
    MontageBuilder builder = MontageBuilder.create()
        .clip(a, Duration.ZERO, Duration.ofSeconds(1))
        .clip(dir.resolve("b.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .clip(dir.resolve("c.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .output(dir.resolve("out.mp4"))
        .crossfade(Duration.ofMillis(1500));
    assertEquals("clip 0 (" + a + "): crossfade 1.5s needs the clip to last at least 1.5s but it lasts 1.0s",
        onlyProblem(builder));
  }

  @Test
  void build_crossfadeLongerThanLastClip() {
    Path c = dir.resolve("c.mp4");
    MontageBuilder builder = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .clip(c, Duration.ofSeconds(10), Duration.ofSeconds(11))
        .output(dir.resolve("out.mp4"))
        .crossfade(Duration.ofMillis(1500));
    assertEquals("clip 1 (" + c + "): crossfade 1.5s needs the clip to last at least 1.5s but it lasts 1.0s",
        onlyProblem(builder));
  }

  @Test
  void build_crossfadeLongerThanHalfAMiddleClip() {
    Path b = dir.resolve("b.mp4");
    MontageBuilder builder = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .clip(b, Duration.ZERO, Duration.ofSeconds(2))
        .clip(dir.resolve("c.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .output(dir.resolve("out.mp4"))
        .crossfade(Duration.ofMillis(1500));
    assertEquals("clip 1 (" + b + "): crossfade 1.5s needs the clip to last at least 3.0s"
        + " (crossfades at both ends) but it lasts 2.0s", onlyProblem(builder));
  }

  @Test
  void build_crossfadeFittingExactlyAccepted() {
    MontageBuilder builder = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofMillis(1500))
        .clip(dir.resolve("b.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .clip(dir.resolve("c.mp4"), Duration.ofSeconds(1), Duration.ofMillis(2500))
        .output(dir.resolve("out.mp4"))
        .crossfade(Duration.ofMillis(1500));
    assertDoesNotThrow(builder::build);
  }

  @Test
  void build_crossfadeOnSingleClipNotChecked() {
    MontageBuilder builder = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(1))
        .output(dir.resolve("out.mp4"))
        .crossfade(Duration.ofSeconds(5));
    assertDoesNotThrow(builder::build);
  }

  @Test
  void build_crossfadeOnClipsOfUnknownLengthNotChecked() {
    MontageBuilder builder = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"))
        .clip(dir.resolve("b.mp4"))
        .clip(dir.resolve("c.mp4"))
        .output(dir.resolve("out.mp4"))
        .crossfade(Duration.ofSeconds(5));
    assertDoesNotThrow(builder::build);
  }

  // Transitions per boundary.

  @Test
  void build_transitionAfterAMissingBoundary() {
    assertEquals("transitionAfter(1, wipe left 0.5s): the boundaries of 2 clips follow clips 0 to 0",
        onlyProblem(valid().transitionAfter(1, Transition.wipe(Transition.Direction.LEFT, Duration.ofMillis(500)))));
    assertEquals("transitionAfter(-1, cut): the boundaries of 2 clips follow clips 0 to 0",
        onlyProblem(valid().transitionAfter(-1, Transition.cut())));
  }

  @Test
  void build_transitionAfterNegative() {
    assertEquals("transition after clip 0: slide up must not be negative but was -1.0s",
        onlyProblem(valid().transitionAfter(0, Transition.slide(Transition.Direction.UP, Duration.ofSeconds(-1)))));
  }

  @Test
  void build_transitionAfterRoundingToZeroFrames() {
    assertTrue(onlyProblem(twoClips().frameRate(30).transitionAfter(0, Transition.dipToWhite(Duration.ofMillis(10))))
        .startsWith("transition after clip 0: dip to white 0.01s rounds to 0 frames at 30.0 fps"));
  }

  @Test
  void build_differentTransitionsAtBothEndsLongerThanTheClip() {
    Path b = dir.resolve("b.mp4");
    MontageBuilder builder = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .clip(b, Duration.ZERO, Duration.ofSeconds(2))
        .clip(dir.resolve("c.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .output(dir.resolve("out.mp4"))
        .transition(Transition.dipToBlack(Duration.ofMillis(500)))
        .transitionAfter(1, Transition.wipe(Transition.Direction.RIGHT, Duration.ofMillis(1600)));
    assertEquals("clip 1 (" + b + "): dip to black 0.5s before it and wipe right 1.6s after it need the clip"
        + " to last at least 2.1s but it lasts 2.0s", onlyProblem(builder));
    assertDoesNotThrow(() -> builder.transitionAfter(1, Transition.wipe(Transition.Direction.RIGHT,
        Duration.ofMillis(1500))).build());
  }

  @Test
  void build_transitionLongerThanTheNextClip() {
    Path b = dir.resolve("b.mp4");
    MontageBuilder builder = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .clip(b, Duration.ZERO, Duration.ofSeconds(1))
        .output(dir.resolve("out.mp4"))
        .transitionAfter(0, Transition.slide(Transition.Direction.DOWN, Duration.ofMillis(1200)));
    assertEquals("clip 1 (" + b + "): slide down 1.2s needs the clip to last at least 1.2s but it lasts 1.0s",
        onlyProblem(builder));
  }

  @Test
  void build_cutBetweenLongTransitionsNeedsNothing() {
    MontageBuilder builder = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(1))
        .clip(dir.resolve("b.mp4"), Duration.ZERO, Duration.ofSeconds(1))
        .clip(dir.resolve("c.mp4"), Duration.ZERO, Duration.ofSeconds(1))
        .output(dir.resolve("out.mp4"))
        .crossfade(Duration.ofSeconds(1))
        .transitionAfter(1, Transition.cut());
    MontageJob job = assertDoesNotThrow(builder::build);
    assertEquals(List.of(Transition.crossfade(Duration.ofSeconds(1)), Transition.cut()), job.transitions());
    // 90 frames, one overlap of 30.
    assertEquals(60, job.plannedFrames().orElseThrow());
  }

  @Test
  void transitions_resolvedPerBoundaryAndKeptByToBuilder() {
    Transition wipe = Transition.wipe(Transition.Direction.LEFT, Duration.ofMillis(400));
    MontageJob job = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(2))
        .clip(dir.resolve("b.mp4"), Duration.ZERO, Duration.ofSeconds(2))
        .clip(dir.resolve("c.mp4"), Duration.ZERO, Duration.ofSeconds(2))
        .clip(dir.resolve("d.mp4"), Duration.ZERO, Duration.ofSeconds(2))
        .output(dir.resolve("out.mp4"))
        .crossfade(Duration.ofMillis(500))
        .transitionAfter(1, wipe)
        .build();
    Transition crossfade = Transition.crossfade(Duration.ofMillis(500));
    assertEquals(List.of(crossfade, wipe, crossfade), job.transitions());
    assertEquals(crossfade, job.output().transition());
    // 4 x 60 frames, overlaps of 15, 12 and 15.
    assertEquals(240 - 42, job.plannedFrames().orElseThrow());
    MontageJob derived = job.toBuilder().crossfade(Duration.ZERO).build();
    assertEquals(List.of(Transition.cut(), wipe, Transition.cut()), derived.transitions());
    assertEquals(job.transitions(), job.toBuilder().build().transitions());
  }

  // Titles and texts.

  @Test
  void build_titleAndTextsChecked() {
    MontageBuilder builder = MontageBuilder.create()
        .title(" ", Duration.ofSeconds(2), TextStyle.title())
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(2))
        .text("Name", Duration.ofSeconds(1), Duration.ofSeconds(1), TextStyle.lowerThird())
        .text("Big", Duration.ZERO, Duration.ofSeconds(1), TextStyle.lowerThird().withSize(0.5))
        .output(dir.resolve("out.mp4"));
    InvalidJobException e = assertThrows(InvalidJobException.class, builder::build);
    assertEquals(List.of(
        "clip 0 (title): the text is empty",
        "text 0 ('Name'): must end after it starts (1.0s) but ends at 1.0s",
        "text 1 ('Big'): text size must be 0.02 to 0.33 of the frame's height but was 0.5"), e.problems());
  }

  @Test
  void build_titleHasNoSpeedAndStartsAtZero() {
    assertEquals("clip 0 (title): a title card is shown from 0 for its duration at its own speed; make it with"
        + " Clip.title(text, duration, style)", onlyProblem(MontageBuilder.create()
            .clip(Clip.title("Hi", Duration.ofSeconds(2), TextStyle.title()).withSpeed(2)).output(dir.resolve("out.mp4"))));
  }

  @Test
  void title_isADrawnClipKeptByToBuilder() {
    MontageJob job = MontageBuilder.create()
        .title("Summer 2026", Duration.ofSeconds(2), TextStyle.title().withColor(0xFFCC00))
        .text("Lisbon", Duration.ZERO, Duration.ofSeconds(1), TextStyle.lowerThird())
        .output(dir.resolve("out.mp4"))
        .build();
    Clip title = job.clips().get(0);
    assertEquals(Clip.TITLE_SOURCE, title.source());
    assertEquals("title 'Summer 2026' 2.0s", title.toString());
    assertEquals(60, job.plannedFrames().orElseThrow());
    assertEquals(job.overlays(), job.toBuilder().build().overlays());
    assertEquals(job.clips(), job.toBuilder().build().clips());
  }

  // Stills.

  @Test
  void build_stillMustBeAnImageFile() {
    Path movie = dir.resolve("movie.mp4");
    assertTrue(onlyProblem(MontageBuilder.create().image(movie, Duration.ofSeconds(2)).output(dir.resolve("out.mp4")))
        .startsWith("clip 0 (" + movie + "): a still must be a PNG, JPEG or WebP file"));
    assertDoesNotThrow(() -> MontageBuilder.create().image(image("a.JPG"), Duration.ofSeconds(2))
        .image(image("b.webp"), Duration.ofSeconds(1)).output(dir.resolve("out.mp4")).build());
    Path missing = dir.resolve("missing.png");
    assertEquals("clip 0 (" + missing + "): the image does not exist or is not a file",
        onlyProblem(MontageBuilder.create().image(missing, Duration.ofSeconds(2)).output(dir.resolve("out.mp4"))));
  }

  /** An (empty) image file: what the validator checks is that it is there; decoding is the render's. */
  private Path image(String name) {
    try {
      return java.nio.file.Files.write(dir.resolve(name), new byte[] {1});
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void build_stillHasNoSpeed_panZoomOverStillsAndVideo_notTitles() throws Exception {
    Path photo = image("photo.png");
    assertEquals("clip 0 (" + photo + "): a still has no speed; give it the duration it should last",
        onlyProblem(MontageBuilder.create().clip(Clip.image(photo, Duration.ofSeconds(2)).withSpeed(2))
            .output(dir.resolve("out.mp4"))));
    Path movie = java.nio.file.Files.writeString(dir.resolve("movie.mp4"), "a video");
    PanZoom zoom = PanZoom.zoomInto(PanZoom.Region.centred(0.5));
    assertDoesNotThrow(() -> MontageBuilder.create()
        .clip(Clip.of(movie, Duration.ZERO, Duration.ofSeconds(2)).withPanZoom(zoom))
        .output(dir.resolve("out.mp4")).build());
    assertEquals("clip 0 (title-card): a title card does not pan or zoom; pan and zoom over an image or a"
        + " video clip", onlyProblem(MontageBuilder.create()
            .clip(Clip.title("Hello", Duration.ofSeconds(2), TextStyle.title()).withPanZoom(zoom))
            .output(dir.resolve("out.mp4"))));
    assertTrue(onlyProblem(MontageBuilder.create().clip(Clip.of(movie, Duration.ZERO, Duration.ofSeconds(2))
            .withPanZoom(new PanZoom(PanZoom.Region.WHOLE, new PanZoom.Region(0.6, 0, 0.5, 0.5))))
        .output(dir.resolve("out.mp4"))).contains("must lie inside the picture"));
  }

  @Test
  void build_panZoomRegionsInsideTheImage() {
    Path photo = image("photo.png");
    PanZoom outside = new PanZoom(PanZoom.Region.WHOLE, new PanZoom.Region(0.6, 0, 0.5, 0.5));
    assertTrue(onlyProblem(MontageBuilder.create().clip(Clip.image(photo, Duration.ofSeconds(2)).withPanZoom(outside))
        .output(dir.resolve("out.mp4"))).contains("must lie inside the picture"));
    assertDoesNotThrow(() -> MontageBuilder.create()
        .clip(Clip.image(photo, Duration.ofSeconds(2)).withPanZoom(PanZoom.zoomOutOf(PanZoom.Region.centred(0.25))))
        .output(dir.resolve("out.mp4")).build());
  }

  @Test
  void image_isAStillClipOfItsDuration() {
    Clip still = Clip.image(dir.resolve("p.png"), Duration.ofMillis(2500));
    assertTrue(still.still());
    assertEquals(Duration.ofMillis(2500), still.length().orElseThrow());
    assertEquals(dir.resolve("p.png") + " still 2.5s", still.toString());
  }

  // Speed.

  @Test
  void build_speedOutOfRange() {
    Path a = dir.resolve("a.mp4");
    assertEquals("clip 0 (" + a + "): speed must be 0.25 to 4.0 but was 5.0; 1 plays it as recorded",
        onlyProblem(MontageBuilder.create().clip(Clip.of(a, Duration.ZERO, Duration.ofSeconds(4)).withSpeed(5))
            .output(dir.resolve("out.mp4"))));
    assertEquals("clip 0 (" + a + "): speed must be 0.25 to 4.0 but was NaN; 1 plays it as recorded",
        onlyProblem(MontageBuilder.create().clip(Clip.of(a, Duration.ZERO, Duration.ofSeconds(4)).withSpeed(Double.NaN))
            .output(dir.resolve("out.mp4"))));
  }

  @Test
  void build_speedShortensWhatTheTransitionsMustFit() {
    Path b = dir.resolve("b.mp4");
    MontageBuilder builder = MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(3))
        .clip(Clip.of(b, Duration.ZERO, Duration.ofSeconds(2)).withSpeed(4))
        .output(dir.resolve("out.mp4"))
        .crossfade(Duration.ofSeconds(1));
    assertEquals("clip 1 (" + b + "): crossfade 1.0s needs the clip to last at least 1.0s but it lasts 0.5s",
        onlyProblem(builder));
  }

  @Test
  void plannedFrames_countTheClipsAtTheirSpeed() {
    MontageJob job = MontageBuilder.create()
        .clip(Clip.of(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(2)).withSpeed(2))
        .clip(Clip.of(dir.resolve("b.mp4"), Duration.ZERO, Duration.ofMillis(500)).withSpeed(0.25))
        .output(dir.resolve("out.mp4"))
        .frameRate(30)
        .build();
    assertEquals(30 + 60, job.plannedFrames().orElseThrow());
    assertEquals(Duration.ofSeconds(2), job.clips().get(1).length().orElseThrow());
  }

  // Music.

  @ParameterizedTest
  @ValueSource(doubles = {0, -1, 4.5, Double.NaN, Double.POSITIVE_INFINITY})
  void build_musicVolumeOutOfRange(double volume) {
    MusicBed music = new MusicBed(dir.resolve("song.m4a"), volume, Duration.ZERO, Duration.ZERO);
    assertEquals("music volume must be > 0 and <= 4 (+12.04 dB) but was " + volume
        + (volume == 4.5 ? " (+13.06 dB)" : ""), onlyProblem(valid().music(music)));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.01, 0.5, 1, 4})
  void build_musicVolumeAccepted(double volume) {
    MusicBed music = new MusicBed(dir.resolve("song.m4a"), volume, Duration.ZERO, Duration.ZERO);
    assertDoesNotThrow(() -> valid().music(music).build());
  }

  @Test
  void build_musicFadeInNegative() {
    MusicBed music = new MusicBed(dir.resolve("song.m4a"), 1, Duration.ofSeconds(-1), Duration.ZERO);
    assertEquals("music fade-in must not be negative but was -1.0s", onlyProblem(valid().music(music)));
  }

  @Test
  void build_musicFadeOutNegative() {
    MusicBed music = new MusicBed(dir.resolve("song.m4a"), 1, Duration.ZERO, Duration.ofMillis(-1500));
    assertEquals("music fade-out must not be negative but was -1.5s", onlyProblem(valid().music(music)));
  }

  @Test
  void build_musicIsTheOutput() {
    Path out = dir.resolve("out.mp4");
    String problem = onlyProblem(valid().music(out));
    assertEquals("music " + out + " is also the output path; rendering would overwrite it", problem);
  }

  @Test
  void build_musicWithDefaultsAccepted() {
    MontageJob job = valid().music(dir.resolve("song.m4a")).build();
    assertEquals(MusicBed.of(dir.resolve("song.m4a")), job.output().music());
  }

  // Render settings.

  @Test
  void build_tempDirIsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir.txt"), "x");
    assertEquals("temp dir " + file + " exists but is not a directory", onlyProblem(valid().tempDir(file)));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 65, Integer.MAX_VALUE, Integer.MIN_VALUE})
  void build_workersOutOfRange(int workers) {
    assertEquals("workers must be 0 (automatic) to 64 but was " + workers, onlyProblem(valid().workers(workers)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 64})
  void build_workersAccepted(int workers) {
    assertEquals(workers, valid().workers(workers).build().settings().workers());
  }

  @ParameterizedTest
  @ValueSource(strings = {"turbo", "", "Medium", " fast"})
  void build_unknownPreset(String preset) {
    String problem = onlyProblem(valid().preset(preset));
    assertContains(problem, "preset must be one of", "veryfast", "but was '" + preset + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow",
      "placebo"})
  void build_knownPresetAccepted(String preset) {
    assertEquals(Optional.of(preset), valid().preset(preset).build().settings().preset());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 52, 100})
  void build_crfOutOfRange(int crf) {
    assertEquals("crf must be 0 to 51 but was " + crf, onlyProblem(valid().crf(crf)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 23, 51})
  void build_crfAccepted(int crf) {
    assertEquals(OptionalInt.of(crf), valid().crf(crf).build().settings().crf());
  }

  @Test
  void builder_nullsRejectedAtTheCall() {
    MontageBuilder builder = MontageBuilder.create();
    assertEquals("path", assertThrows(NullPointerException.class, () -> builder.output(null)).getMessage());
    assertEquals("crossfade", assertThrows(NullPointerException.class, () -> builder.crossfade(null)).getMessage());
    assertEquals("clip", assertThrows(NullPointerException.class, () -> builder.clip((Clip) null)).getMessage());
  }

  // All at once.

  @Test
  void build_musicGainInDecibels() {
    MusicBed loud = MusicBed.of(dir.resolve("song.m4a")).withGainDb(13);
    assertEquals("music volume must be > 0 and <= 4 (+12.04 dB) but was " + loud.volume() + " (+13.00 dB)",
        onlyProblem(valid().music(loud)));
    assertDoesNotThrow(() -> valid().music(MusicBed.of(dir.resolve("song.m4a")).withGainDb(12)).build());
    assertDoesNotThrow(() -> valid().music(MusicBed.of(dir.resolve("song.m4a")).withGainDb(-60)).build());
    assertContains(onlyProblem(valid().music(MusicBed.of(dir.resolve("song.m4a")).withGainDb(Double.NaN))),
        "music volume must be > 0 and <= 4 (+12.04 dB) but was NaN");
  }

  // Encoder rate control.

  @Test
  void build_crfAndVideoBitrateBothSet() {
    assertEquals("quality, crf and video bitrate each choose the encoder's rate control; set at most one"
        + " but crf 20 and video bitrate 4000000 were set", onlyProblem(valid().crf(20).videoBitrate(4_000_000)));
  }

  @Test
  void build_qualityWithCrfOrBitrate() {
    assertEquals("quality, crf and video bitrate each choose the encoder's rate control; set at most one"
        + " but quality HIGH and crf 20 were set", onlyProblem(valid().quality(Quality.HIGH).crf(20)));
    assertEquals("quality, crf and video bitrate each choose the encoder's rate control; set at most one"
        + " but quality LOW and crf 20 and video bitrate 4000000 were set",
        onlyProblem(valid().quality(Quality.LOW).crf(20).videoBitrate(4_000_000)));
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 0, 15_999, 500_000_001, Long.MAX_VALUE})
  void build_videoBitrateOutOfRange(long bitrate) {
    assertEquals("video bitrate must be 16000 to 500000000 bits/s but was " + bitrate,
        onlyProblem(valid().videoBitrate(bitrate)));
  }

  @ParameterizedTest
  @ValueSource(longs = {16_000, 2_500_000, 500_000_000})
  void build_videoBitrateAccepted(long bitrate) {
    assertEquals(OptionalLong.of(bitrate), valid().videoBitrate(bitrate).build().settings().videoBitrate());
  }

  @Test
  void build_qualityAccepted() {
    assertEquals(Quality.VERY_HIGH, valid().quality(Quality.VERY_HIGH).build().settings().quality());
    assertEquals(Quality.STANDARD, valid().build().settings().quality());
  }

  // Crossfade shorter than half a frame.

  @Test
  void build_crossfadeRoundingToZeroFrames() {
    MontageBuilder builder = twoClips().frameRate(30).crossfade(Duration.ofMillis(16));
    assertEquals("crossfade 0.016s rounds to 0 frames at 30.0 fps and would be a hard cut;"
        + " use Transition.cut() (or Duration.ZERO) for hard cuts or at least 0.016667s", onlyProblem(builder));
    assertDoesNotThrow(() -> twoClips().frameRate(30).crossfade(Duration.ofNanos(16_667_000)).build());
    assertDoesNotThrow(() -> twoClips().frameRate(30).crossfade(Duration.ZERO).build());
  }

  private MontageBuilder twoClips() {
    return MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(2))
        .clip(dir.resolve("b.mp4"), Duration.ZERO, Duration.ofSeconds(2))
        .output(dir.resolve("out.mp4"));
  }

  // Times as text.

  @Test
  void clip_timesAsText() {
    MontageJob job = valid().clip(dir.resolve("b.mp4"), "00:01:10.5", "75").build();
    Clip clip = job.clips().get(job.clips().size() - 1);
    assertEquals(Duration.ofMillis(70_500), clip.in());
    assertEquals(Duration.ofSeconds(75), clip.out());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> valid().clip(dir.resolve("b.mp4"), "soon", "75"));
    assertEquals("'soon' is not a time: use " + Timecode.FORMS, e.getMessage());
  }

  @Test
  void build_reportsEveryProblemTogether() throws IOException {
    Path a = dir.resolve("a.mp4");
    Path b = dir.resolve("b.mp4");
    Path file = Files.writeString(dir.resolve("not-a-dir.txt"), "x");
    MontageBuilder builder = MontageBuilder.create()
        .clip(a, Duration.ofSeconds(-1), Duration.ofSeconds(2))
        .clip(b, Duration.ofSeconds(5), Duration.ofSeconds(3))
        .output(dir.resolve("out.avi"))
        .size(-2, 1921)
        .frameRate(Double.NaN)
        .crossfade(Duration.ofSeconds(-1))
        .music(new MusicBed(dir.resolve("song.m4a"), 0, Duration.ofSeconds(-1), Duration.ZERO))
        .tempDir(file)
        .workers(99)
        .preset("turbo")
        .crf(60);

    InvalidJobException e = assertThrows(InvalidJobException.class, builder::build);

    List<String> expected = List.of(
        "must end in one of",
        "width must be > 0 but was -2",
        "height must be even (H.264 with 4:2:0 chroma) but was 1921",
        "frame rate must be > 0 but was NaN",
        "crossfade must not be negative but was -1.0s",
        "clip 0 (" + a + "): in point must not be negative but was -1.0s",
        "clip 1 (" + b + "): out point 3.0s must be after in point 5.0s",
        "music volume must be > 0 and <= 4 (+12.04 dB) but was 0.0",
        "music fade-in must not be negative but was -1.0s",
        "temp dir " + file + " exists but is not a directory",
        "workers must be 0 (automatic) to 64 but was 99",
        "but was 'turbo'",
        "crf must be 0 to 51 but was 60");
    assertEquals(expected.size(), e.problems().size(), e::getMessage);
    for (int i = 0; i < expected.size(); i++) {
      assertContains(e.problems().get(i), expected.get(i));
      assertContains(e.getMessage(), "\n  - " + e.problems().get(i));
    }
    assertTrue(e.getMessage().startsWith("invalid montage job (13 problems):"), e.getMessage());
    assertTrue(e.clipIndex().isEmpty());
    assertTrue(e.file().isEmpty());
  }

  private static String onlyProblem(MontageBuilder builder) {
    InvalidJobException e = assertThrows(InvalidJobException.class, builder::build);
    assertEquals(1, e.problems().size(), e::getMessage);
    String problem = e.problems().get(0);
    assertEquals("invalid montage job (1 problem):\n  - " + problem, e.getMessage());
    return problem;
  }

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "expected '" + part + "' in: " + text);
    }
  }
}
