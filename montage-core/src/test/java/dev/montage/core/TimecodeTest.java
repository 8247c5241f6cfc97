package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimecodeTest {

  @ParameterizedTest
  @CsvSource({
      "0, 0",
      "2, 2000000000",
      "2.5, 2500000000",
      "0.040, 40000000",
      "1.000000001, 1000000001",
      "90, 90000000000",
      "01:02, 62000000000",
      "1:02.5, 62500000000",
      "90:00, 5400000000000",
      "00:01:30.250, 90250000000",
      "1:02:03.004, 3723004000000",
      "10:00:00, 36000000000000",
      "00:01:10.5, 70500000000",
      "70.5, 70500000000"})
  void parse_acceptedForms(String text, long nanos) {
    assertEquals(Duration.ofNanos(nanos), Timecode.parse(text));
  }

  @Test
  void parse_isExactBeyondDoublePrecision() {
    assertEquals(Duration.ofSeconds(123_456_789, 123_456_789), Timecode.parse("123456789.123456789"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "abc", "2s", "-1", "+1", "1.", ".5", "1.2.3", "1,5", "1:60", "1:2:3:4", ":30",
      "1:", "1::2", "1:60:00", "1:100:00", "00:00:60.0", "1.0000000001", "1e3", "1:02:03.", "٣"})
  void parse_rejectsGarbage(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timecode.parse(text));
    assertTrue(e.getMessage().startsWith("'" + text + "' is not a time"), e.getMessage());
  }

  @Test
  void parse_messageNamesTheForms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timecode.parse("soon"));
    assertEquals("'soon' is not a time: use " + Timecode.FORMS, e.getMessage());
  }

  @Test
  void parse_secondsAfterColonOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timecode.parse("2:75"));
    assertEquals("'2:75' is not a time: seconds after a colon must be 00 to 59 but were 75", e.getMessage());
  }
}
