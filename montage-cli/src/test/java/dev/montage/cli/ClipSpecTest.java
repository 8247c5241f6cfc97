package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Clip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClipSpecTest {

  private static final Predicate<Path> NOTHING_EXISTS = path -> false;

  @Test
  void parse_pathIsWholeClip() {
    assertEquals(Clip.whole(Path.of("a.mp4")), ClipSpec.parse("a.mp4", NOTHING_EXISTS));
  }

  @Test
  void parse_startEnd() {
    assertEquals(Clip.of(Path.of("dir/a.mp4"), Duration.ofMillis(2500), Duration.ofSeconds(5)),
        ClipSpec.parse("dir/a.mp4@2.5-5", NOTHING_EXISTS));
  }

  @Test
  void parse_startPlusLength() {
    assertEquals(Clip.of(Path.of("a.mp4"), Duration.ofSeconds(2), Duration.ofMillis(3250)),
        ClipSpec.parse("a.mp4@2+1.25", NOTHING_EXISTS));
  }

  @Test
  void parse_clockTimes() {
    assertEquals(
        Clip.of(Path.of("a.mp4"), Duration.ofMillis(3_723_004), Duration.ofMillis(3_723_004 + 90_500)),
        ClipSpec.parse("a.mp4@01:02:03.004+1:30.5", NOTHING_EXISTS));
    assertEquals(Clip.of(Path.of("a.mp4"), Duration.ofSeconds(60), Duration.ofSeconds(62)),
        ClipSpec.parse("a.mp4@01:00-01:02", NOTHING_EXISTS));
  }

  @Test
  void parse_endBeforeStartIsLeftToTheJobValidation() {
    assertEquals(Clip.of(Path.of("a.mp4"), Duration.ofSeconds(5), Duration.ofSeconds(2)),
        ClipSpec.parse("a.mp4@5-2", NOTHING_EXISTS));
  }

  @Test
  void parse_existingPathWithAtIsWholeClip() {
    Set<Path> files = Set.of(Path.of("me@home/clip@2-3.mp4"));
    assertEquals(Clip.whole(Path.of("me@home/clip@2-3.mp4")),
        ClipSpec.parse("me@home/clip@2-3.mp4", files::contains));
  }

  @Test
  void parse_rangeAfterLastAt() {
    assertEquals(Clip.of(Path.of("me@home/a.mp4"), Duration.ofSeconds(1), Duration.ofSeconds(2)),
        ClipSpec.parse("me@home/a.mp4@1-2", NOTHING_EXISTS));
  }

  @Test
  void parse_missingPathWithAtNamesBothReadings() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClipSpec.parse("me@home.mp4", NOTHING_EXISTS));
    assertEquals("'me@home.mp4': 'home.mp4' after '@' is not a range START-END or START+LENGTH,"
        + " and no file named 'me@home.mp4' exists. A clip is " + ClipSpec.FORMS + ".", e.getMessage());
  }

  @Test
  void parse_badTimeNamesArgumentAndPart() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClipSpec.parse("a.mp4@2-later", NOTHING_EXISTS));
    assertTrue(e.getMessage().startsWith("'a.mp4@2-later': END 'later' is not a time: use "), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "@1-2", "a.mp4@", "a.mp4@1", "a.mp4@1-", "a.mp4@-2", "a.mp4@+2",
      "a.mp4@1-2-3", "a.mp4@1+2-3", "a.mp4@1--2", "a.mp4@1-2s", "a.mp4@1:75-2", "a.mp4@ 1-2"})
  void parse_rejectsGarbage(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClipSpec.parse(text, NOTHING_EXISTS));
    assertTrue(e.getMessage().contains(ClipSpec.FORMS), e.getMessage());
  }

  @Test
  void parse_stillImageShownForItsRangesLength() {
    assertEquals(Clip.image(Path.of("photo.jpg"), Duration.ofSeconds(3)), ClipSpec.parse("photo.jpg@0+3", path -> false));
    assertEquals(Clip.image(Path.of("a.PNG"), Duration.ofMillis(2500)), ClipSpec.parse("a.PNG@1-3.5", path -> false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipSpec.parse("photo.webp", path -> true));
    assertEquals(
        "'photo.webp': a still image needs a duration, such as photo.webp@0+3 for 3 seconds", e.getMessage());
  }
}
