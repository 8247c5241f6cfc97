package dev.montage.ffmpeg.internal.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The atempo chain: instances within 0.5-2, whose product is the speed. */
class TempoStretchTest {

  @Test
  void chain_keepsEachInstanceWithinItsGoodRange() {
    assertEquals("atempo=1.500000000", TempoStretch.chain(1.5));
    assertEquals("atempo=2,atempo=2.000000000", TempoStretch.chain(4));
    assertEquals("atempo=2,atempo=1.500000000", TempoStretch.chain(3));
    assertEquals("atempo=0.5,atempo=0.500000000", TempoStretch.chain(0.25));
    assertEquals("atempo=0.5,atempo=0.700000000", TempoStretch.chain(0.35));
    assertEquals("atempo=0.500000000", TempoStretch.chain(0.5));
  }
}
