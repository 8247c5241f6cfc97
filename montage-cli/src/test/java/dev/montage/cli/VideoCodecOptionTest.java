package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.VideoCodec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class VideoCodecOptionTest {

  private final RenderCommand.VideoCodecConverter converter = new RenderCommand.VideoCodecConverter();

  @Test
  void codecNames_andMatch() {
    assertEquals(VideoCodec.HEVC, converter.convert("hevc").codec());
    assertEquals(VideoCodec.HEVC, converter.convert("H265").codec());
    assertEquals(VideoCodec.AV1, converter.convert("av1").codec());
    assertEquals(VideoCodec.H264, converter.convert("avc").codec());
    assertNull(converter.convert("match").codec());
  }

  @Test
  void unknownCodec_namesWhatIsAccepted() {
    TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert("mpeg2"));
    assertTrue(e.getMessage().contains("h264, hevc, av1 or vp9, or match"), e.getMessage());
  }

  @Test
  void loudness_presetsAndNumbers() {
    RenderCommand.LoudnessConverter loudness = new RenderCommand.LoudnessConverter();
    assertEquals(dev.montage.core.LoudnessTarget.WEB, loudness.convert("web"));
    assertEquals(dev.montage.core.LoudnessTarget.BROADCAST, loudness.convert("EBU"));
    assertEquals(dev.montage.core.LoudnessTarget.of(-16), loudness.convert("-16"));
    assertThrows(TypeConversionException.class, () -> loudness.convert("loud"));
  }

  @Test
  void hardwareEncoding_modes() {
    RenderCommand.HardwareEncodingConverter modes = new RenderCommand.HardwareEncodingConverter();
    assertEquals(dev.montage.core.HardwareEncoding.AUTO, modes.convert("auto"));
    assertEquals(dev.montage.core.HardwareEncoding.REQUIRED, modes.convert("REQUIRED"));
    assertThrows(TypeConversionException.class, () -> modes.convert("gpu"));
  }
}
