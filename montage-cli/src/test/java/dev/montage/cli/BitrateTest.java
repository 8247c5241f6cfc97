package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BitrateTest {

  @ParameterizedTest
  @CsvSource({"2500000, 2500000", "2500k, 2500000", "2.5M, 2500000", "800K, 800000", "1.0005k, 1001", "16000, 16000"})
  void parse_acceptedForms(String text, long bits) {
    assertEquals(bits, Bitrate.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fast", "-1", "+5", "1e6", "2.5G", "k", "99999999999999999999M"})
  void parse_rejectsGarbage(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bitrate.parse(text));
    assertEquals("'" + text + "' is not a bitrate: use bits/s such as 2500000, 2500k or 2.5M", e.getMessage());
  }
}
