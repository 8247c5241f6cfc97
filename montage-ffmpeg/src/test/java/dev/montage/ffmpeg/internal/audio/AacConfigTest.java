package dev.montage.ffmpeg.internal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AudioSpecificConfig bytes as encoders write them, read without media. */
class AacConfigTest {

  @Test
  void lcStereo48k() {
    // 00010 0011 0010 0 00: AAC-LC, 48 kHz, 2 channels, 1024-sample frames.
    AacConfig config = AacConfig.parse(new byte[] {0x11, (byte) 0x90}).orElseThrow();
    assertEquals(new AacConfig(AacConfig.LC, 48_000, 2, 1024), config);
    assertEquals(Optional.empty(), config.uncopyable());
  }

  @Test
  void lcMono44k() {
    // 00010 0100 0001 0 00
    assertEquals(new AacConfig(AacConfig.LC, 44_100, 1, 1024),
        AacConfig.parse(new byte[] {0x12, 0x08}).orElseThrow());
  }

  @Test
  void explicitRate_andFrameLengthFlag() {
    // 00010 1111 <24 bits: 50000> 0010 1: AAC-LC at an explicit 50 kHz, stereo, 960-sample frames.
    long bits = (2L << 35) | (15L << 31) | (50_000L << 7) | (2L << 3) | (1L << 2);
    byte[] bytes = new byte[5];
    for (int i = 0; i < 5; i++) {
      bytes[i] = (byte) (bits >> (32 - 8 * i));
    }
    AacConfig config = AacConfig.parse(bytes).orElseThrow();
    assertEquals(new AacConfig(AacConfig.LC, 50_000, 2, 960), config);
    assertTrue(config.uncopyable().orElseThrow().contains("960"));
  }

  @Test
  void heAac_isNotCopied() {
    // 00101 0110 0010 ...: SBR (object type 5), 24 kHz core, stereo.
    AacConfig config = AacConfig.parse(new byte[] {0x2B, 0x10, (byte) 0x88, 0x00}).orElseThrow();
    assertEquals(5, config.objectType());
    assertTrue(config.uncopyable().orElseThrow().contains("HE-AAC"));
  }

  @Test
  void programConfigElement_tooShort_orReservedRate_areNotRead() {
    assertEquals(Optional.empty(), AacConfig.parse(new byte[] {0x11, (byte) 0x80})); // channel config 0
    assertEquals(Optional.empty(), AacConfig.parse(new byte[] {0x11}));
    assertEquals(Optional.empty(), AacConfig.parse(new byte[] {0x16, (byte) 0x90})); // rate index 13
  }

  @Test
  void channelConfigurationSeven_isEightChannels() {
    // 00010 0011 0111 0 00
    assertEquals(8, AacConfig.parse(new byte[] {0x11, (byte) 0xB8}).orElseThrow().channels());
  }
}
