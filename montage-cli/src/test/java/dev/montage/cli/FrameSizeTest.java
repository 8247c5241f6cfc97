package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class FrameSizeTest {

  @Test
  void parse_widthByHeight() {
    assertEquals(new FrameSize(1280, 720), FrameSize.parse("1280x720"));
    assertEquals(new FrameSize(160, 120), FrameSize.parse("160X120"));
  }

  @Test
  void parse_oddSizeIsLeftToTheJobValidation() {
    assertEquals(new FrameSize(161, 121), FrameSize.parse("161x121"));
  }

  @Test
  void toString_roundTrips() {
    assertEquals("1920x1080", FrameSize.parse("1920x1080").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1280", "1280x", "x720", "1280*720", "1280 x 720", "-2x4", "axb",
      "1280x720x3", "123456x2", " 1280x720"})
  void parse_rejectsGarbage(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameSize.parse(text));
    assertEquals("'" + text + "' is not a frame size: use WIDTHxHEIGHT such as 1280x720", e.getMessage());
  }

  @Test
  void parse_rejectsZero() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameSize.parse("0x720"));
    assertTrue(e.getMessage().contains("must be > 0"), e.getMessage());
  }

  @Test
  void converter_reportsAsTypeConversion() {
    assertThrows(TypeConversionException.class, () -> new FrameSize.Converter().convert("big"));
  }
}
