package dev.montage.ffmpeg.internal.h264;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing and merging avcC records, and telling IDR packets apart. */
class AvcConfigTest {

  // SPS: NAL header, profile 100 (High), constraints, level 4.0, then seq_parameter_set_id ue(v).
  private static final byte[] SPS_0 = {0x67, 100, 0, 40, (byte) 0xAC, 0x2B};
  private static final byte[] SPS_1 = {0x67, 100, 0, 40, 0x4C, 0x2B};
  // PPS: NAL header, pic_parameter_set_id ue(v), seq_parameter_set_id ue(v).
  private static final byte[] PPS_0 = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
  private static final byte[] PPS_1 = {0x68, 0x49, 0x3C, (byte) 0x80};
  private static final byte[] HIGH_TAIL = {(byte) 0xFD, (byte) 0xF8, (byte) 0xF8, 0};

  static byte[] avcc(byte[] sps, byte[] pps, byte[] tail) {
    byte[] out = new byte[5 + 1 + 2 + sps.length + 1 + 2 + pps.length + tail.length];
    int at = 0;
    for (byte b : new byte[] {1, 100, 0, 40, (byte) 0xFF, (byte) 0xE1}) {
      out[at++] = b;
    }
    out[at++] = 0;
    out[at++] = (byte) sps.length;
    System.arraycopy(sps, 0, out, at, sps.length);
    at += sps.length;
    out[at++] = 1;
    out[at++] = 0;
    out[at++] = (byte) pps.length;
    System.arraycopy(pps, 0, out, at, pps.length);
    at += pps.length;
    System.arraycopy(tail, 0, out, at, tail.length);
    return out;
  }

  @Test
  void parse_readsIdsLengthSizeAndProfile() {
    AvcConfig config = AvcConfig.parse(avcc(SPS_0, PPS_0, HIGH_TAIL)).orElseThrow();
    assertEquals(Set.of(0), config.spsIds());
    assertEquals(Set.of(0), config.ppsIds());
    assertEquals(4, config.lengthSize());
    assertEquals(Optional.of("high"), config.x264Profile());
    assertEquals(Optional.of(1), config.freeId());
  }

  @Test
  void parse_refusesWhatIsNotAnAvccRecord() {
    assertEquals(Optional.empty(), AvcConfig.parse(new byte[] {0, 0, 0, 1, 0x67, 100, 0, 40}));
    assertEquals(Optional.empty(), AvcConfig.parse(new byte[0]));
    byte[] truncated = avcc(SPS_0, PPS_0, new byte[0]);
    assertEquals(Optional.empty(), AvcConfig.parse(java.util.Arrays.copyOf(truncated, 10)));
  }

  @Test
  void merge_keepsTheFirstHeaderAndTailAndListsBothSets() {
    AvcConfig sources = AvcConfig.parse(avcc(SPS_0, PPS_0, HIGH_TAIL)).orElseThrow();
    AvcConfig pieces = AvcConfig.parse(avcc(SPS_1, PPS_1, HIGH_TAIL)).orElseThrow();
    byte[] merged = sources.merge(pieces);

    AvcConfig both = AvcConfig.parse(merged).orElseThrow();
    assertEquals(Set.of(0, 1), both.spsIds());
    assertEquals(Set.of(0, 1), both.ppsIds());
    assertEquals(0xE2, merged[5] & 0xFF);
    assertArrayEquals(HIGH_TAIL, java.util.Arrays.copyOfRange(merged, merged.length - 4, merged.length));
    assertEquals(Optional.of(2), both.freeId());
  }

  @Test
  void merge_refusesCollidingIds() {
    AvcConfig sources = AvcConfig.parse(avcc(SPS_0, PPS_0, HIGH_TAIL)).orElseThrow();
    assertThrows(IllegalArgumentException.class, () -> sources.merge(sources));
  }

  @Test
  void isIdr_looksPastSeiToTheFirstSlice() {
    byte[] idr = {0, 0, 0, 2, 0x06, 0x05, 0, 0, 0, 2, 0x65, (byte) 0x88};
    byte[] nonIdr = {0, 0, 0, 2, 0x06, 0x05, 0, 0, 0, 2, 0x41, (byte) 0x9A};
    assertTrue(AvcConfig.isIdr(i -> idr[(int) i] & 0xFF, idr.length, 4));
    assertFalse(AvcConfig.isIdr(i -> nonIdr[(int) i] & 0xFF, nonIdr.length, 4));
    assertFalse(AvcConfig.isIdr(i -> 0, 0, 4));
  }
}
