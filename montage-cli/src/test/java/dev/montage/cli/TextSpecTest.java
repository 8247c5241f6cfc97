package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextSpecTest {

  @Test
  void parse_spanAndText() {
    assertEquals(new TextSpec(Duration.ofSeconds(3), Duration.ofSeconds(6), "Lisbon, July"),
        TextSpec.parse("3-6=Lisbon, July"));
    assertEquals(new TextSpec(Duration.ofMillis(62_500), Duration.ofSeconds(65), "a=b-c"),
        TextSpec.parse("1:02.5-1:05=a=b-c"));
  }

  @Test
  void parse_rejectsWithTheForm() {
    assertEquals("'Lisbon' is not a text: use START-END=TEXT, such as 3-6=Lisbon",
        assertThrows(IllegalArgumentException.class, () -> TextSpec.parse("Lisbon")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> TextSpec.parse("3-x=Lisbon"));
  }
}
