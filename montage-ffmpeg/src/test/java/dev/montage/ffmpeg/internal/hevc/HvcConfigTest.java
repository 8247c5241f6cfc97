package dev.montage.ffmpeg.internal.hevc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hvcC facts a copy needs, on records and packets built by hand. */
class HvcConfigTest {

  // NAL unit headers (type << 1, then layer/temporal id 1): VPS 32, SPS 33, PPS 34, AUD 35, prefix SEI 39, IDR 19.
  private static final byte[] VPS = {0x40, 0x01, 0x0A};
  private static final byte[] SPS = {0x42, 0x01, 0x0B, 0x0C};
  private static final byte[] PPS = {0x44, 0x01, 0x0D};
  private static final byte[] SEI = {0x4E, 0x01, 0x05};
  private static final byte[] AUD = {0x46, 0x01, 0x50};
  private static final byte[] IDR = {0x26, 0x01, (byte) 0xAF, 0x77};

  /** A Main 10 record with 4-byte lengths whose arrays come SEI, PPS, SPS, VPS (any order is allowed). */
  private static byte[] record() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] header = new byte[23];
    header[0] = 1;
    header[1] = 2; // general_profile_idc: Main 10
    header[21] = 0x03; // lengthSizeMinusOne
    header[22] = 4; // numOfArrays
    out.writeBytes(header);
    for (byte[] nal : new byte[][] {SEI, PPS, SPS, VPS}) {
      out.write(nal[0] >> 1 & 0x3F);
      out.writeBytes(new byte[] {0, 1, 0, (byte) nal.length});
      out.writeBytes(nal);
    }
    return out.toByteArray();
  }

  private static byte[] lengthPrefixed(int lengthSize, byte[]... nals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] nal : nals) {
      for (int i = lengthSize - 1; i >= 0; i--) {
        out.write(nal.length >>> (8 * i));
      }
      out.writeBytes(nal);
    }
    return out.toByteArray();
  }

  @Test
  void profileAndLengthSize() {
    HvcConfig config = HvcConfig.parse(record()).orElseThrow();

    assertEquals(2, config.profile());
    assertEquals(Optional.of("main10"), config.x265Profile());
    assertEquals(4, config.lengthSize());
  }

  @Test
  void parameterSetsInBand_areVpsSpsPps_inThatOrder_withoutOtherArrays() {
    HvcConfig config = HvcConfig.parse(record()).orElseThrow();

    assertArrayEquals(lengthPrefixed(4, VPS, SPS, PPS), config.parameterSetsInBand(4));
    assertArrayEquals(lengthPrefixed(2, VPS, SPS, PPS), config.parameterSetsInBand(2));
  }

  @Test
  void parameterSets_goInFrontOfThePicture_butAfterAnAccessUnitDelimiter() {
    byte[] sets = lengthPrefixed(4, VPS, SPS, PPS);

    assertArrayEquals(lengthPrefixed(4, VPS, SPS, PPS, IDR),
        HvcConfig.withParameterSets(lengthPrefixed(4, IDR), sets, 4));
    assertArrayEquals(lengthPrefixed(4, AUD, VPS, SPS, PPS, IDR),
        HvcConfig.withParameterSets(lengthPrefixed(4, AUD, IDR), sets, 4));
  }

  @Test
  void withUnits_addsToEachArray_atTheHigherLevel_andPromisesNoParallelismWhereTheRecordsDiffer() {
    byte[] other = record();
    other[12] = 123; // level 4.1
    other[15] = (byte) 0xFE; // parallelismType 2 (tiles)
    HvcConfig base = HvcConfig.parse(record()).orElseThrow();
    byte[] vps = {0x40, 0x01, 0x1A};
    byte[] sps = {0x42, 0x01, 0x1B};
    byte[] pps = {0x44, 0x01, 0x1D};

    HvcConfig merged = HvcConfig.parse(base.withUnits(HvcConfig.parse(other).orElseThrow(), java.util.List.of(vps),
        java.util.List.of(sps), java.util.List.of(pps))).orElseThrow();

    assertArrayEquals(new byte[][] {VPS, vps}, merged.units(HvcConfig.VPS).toArray(new byte[0][]));
    assertArrayEquals(lengthPrefixed(4, VPS, vps, SPS, sps, PPS, pps), merged.parameterSetsInBand(4));
    assertArrayEquals(new byte[][] {SEI}, merged.units(39).toArray(new byte[0][]));
    assertEquals(123, merged.levelIdc());
    byte[] bytes = merged.bytes();
    assertEquals((byte) 0xFC, bytes[15], "parallelismType 0: unknown");
    assertEquals((byte) 0xF0, bytes[13]);
  }

  @Test
  void truncatedRecord_isRefused() {
    byte[] whole = record();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);

    assertThrows(IllegalArgumentException.class, () -> HvcConfig.parse(cut).orElseThrow().parameterSetsInBand(4));
  }
}
