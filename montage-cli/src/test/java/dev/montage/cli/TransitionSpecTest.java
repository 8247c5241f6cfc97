package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Transition;
import dev.montage.core.Transition.Direction;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransitionSpecTest {

  private static final Duration HALF = Duration.ofMillis(500);

  @Test
  void parse_everyKind() {
    assertEquals(Transition.cut(), TransitionSpec.parse("cut").transition());
    assertEquals(Transition.crossfade(HALF), TransitionSpec.parse("crossfade:0.5").transition());
    assertEquals(Transition.dipToBlack(Duration.ofSeconds(1)), TransitionSpec.parse("dip-black:1").transition());
    assertEquals(Transition.dipToWhite(HALF), TransitionSpec.parse("dip-white:00:00.5").transition());
    assertEquals(Transition.wipe(Direction.LEFT, HALF), TransitionSpec.parse("wipe-left:0.5").transition());
    assertEquals(Transition.wipe(Direction.DOWN, HALF), TransitionSpec.parse("Wipe-Down:0.5").transition());
    assertEquals(Transition.slide(Direction.RIGHT, HALF), TransitionSpec.parse("slide-right:0.5").transition());
    assertEquals(Transition.slide(Direction.UP, HALF), TransitionSpec.parse("slide-up:0.5").transition());
  }

  @Test
  void parse_boundary() {
    assertEquals(OptionalInt.empty(), TransitionSpec.parse("wipe-left:0.5").after());
    assertEquals(new TransitionSpec(OptionalInt.of(3), Transition.dipToBlack(HALF)), TransitionSpec.parse("3=dip-black:0.5"));
    assertEquals(new TransitionSpec(OptionalInt.of(0), Transition.cut()), TransitionSpec.parse("0=cut"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "wipe", "wipe-sideways:1", "crossfade", "cut:1", "x=crossfade:1", "1=", "zoom:1",
      "crossfade:abc"})
  void parse_rejectsWithTheForm(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransitionSpec.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'") || e.getMessage().contains(text), e.getMessage());
  }

  @Test
  void parse_missingTimeSaysHowToGiveIt() {
    assertEquals("'crossfade': give the crossfade's length, such as crossfade:0.5",
        assertThrows(IllegalArgumentException.class, () -> TransitionSpec.parse("crossfade")).getMessage());
  }
}
