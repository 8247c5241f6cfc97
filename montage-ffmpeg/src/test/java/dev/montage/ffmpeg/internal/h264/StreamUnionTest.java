package dev.montage.ffmpeg.internal.h264;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Joining the avcC records of differently set encoders, on records OpenH264 wrote. */
class StreamUnionTest {

  /** 160x120 Main profile, level 1.1, CABAC. */
  static final AvcConfig CABAC = config("014d4c0bffe1000e674d4c0b8c682845e5807844235001000468ee3c80");
  /** The same SPS; PPS 0 with CAVLC. */
  static final AvcConfig CAVLC = config("014d4c0bffe1000e674d4c0b8c682845e5807844235001000468ce3c80");
  /** Constrained Baseline. */
  static final AvcConfig BASELINE = config("0142c00bffe1000e6742c00b8c682845e5807844235001000468ce3c80");
  /** CABAC's SPS at level 1.2 instead of 1.1: another SPS 0. */
  static final AvcConfig LEVEL_12 = config("014d4c0cffe1000e674d4c0c8c682845e5807844235001000468ee3c80");

  static AvcConfig config(String hex) {
    return AvcConfig.parse(HexFormat.of().parseHex(hex)).orElseThrow();
  }

  @Test
  void samePps0_differentContent_secondIsRenumbered_sharedSpsKept() {
    StreamUnion union = StreamUnion.of(List.of(CAVLC, CABAC)).joined().orElseThrow();

    assertEquals(Set.of(0), union.config().spsIds());
    assertEquals(Set.of(0, 1), union.config().ppsIds());
    assertTrue(union.remaps().get(0).identity());
    assertFalse(union.remaps().get(1).identity());
    assertEquals(1, union.remaps().get(1).ppsId(0));
    PicParameterSet renumbered = PicParameterSet.parse(union.config().ppsNals().get(1));
    assertEquals(1, renumbered.id());
    assertEquals(0, renumbered.spsId());
    assertTrue(renumbered.cabac());
    assertArrayEquals(CABAC.bytes(), StreamUnion.of(List.of(CABAC)).joined().orElseThrow().config().bytes());
  }

  /** A CAVLC slice's data moves with its PPS id's code: only by whole bytes (I_PCM stays aligned). */
  @Test
  void renumberedCavlcPps_takesAnIdWhoseCodeIsLongerByWholeBytes() {
    StreamUnion union = StreamUnion.of(List.of(CABAC, CAVLC)).joined().orElseThrow();

    assertEquals(Set.of(0, 15), union.config().ppsIds());
    assertEquals(15, union.remaps().get(1).ppsId(0));
    assertEquals(9, StreamUnion.ueLength(15));
    assertEquals(1, StreamUnion.ueLength(0));
    assertEquals(3, StreamUnion.ueLength(2));
    assertEquals(17, StreamUnion.ueLength(255));
  }

  @Test
  void otherSps0_getsId1_andItsPpsFollows_levelIsTheHighest() {
    StreamUnion union = StreamUnion.of(List.of(CABAC, LEVEL_12)).joined().orElseThrow();
    // Both CABAC: the renumbered PPS takes the lowest free id.

    assertEquals(Set.of(0, 1), union.config().spsIds());
    assertEquals(Set.of(0, 1), union.config().ppsIds());
    PicParameterSet second = PicParameterSet.parse(union.config().ppsNals().get(1));
    assertEquals(1, second.spsId());
    SeqParameterSet sps1 = SeqParameterSet.parse(union.config().spsNals().get(1));
    assertEquals(1, sps1.id());
    assertEquals(12, sps1.levelIdc());
    assertEquals(12, union.config().bytes()[3]);
  }

  @Test
  void renumberedSps_keepsEveryOtherField() {
    SeqParameterSet sps = SeqParameterSet.parse(CABAC.spsNals().get(0));
    for (int id : new int[] {1, 2, 7, 31}) {
      SeqParameterSet renumbered = SeqParameterSet.parse(sps.withId(id));
      assertEquals(id, renumbered.id());
      assertEquals(sps.withId(0).length, SeqParameterSet.parse(renumbered.withId(0)).nal().length);
      assertArrayEquals(sps.nal(), renumbered.withId(0), "renumbering back gives the original");
      assertEquals(sps.widthMbs(), renumbered.widthMbs());
      assertEquals(sps.log2MaxFrameNum(), renumbered.log2MaxFrameNum());
      assertEquals(sps.pocType(), renumbered.pocType());
    }
  }

  @Test
  void otherProfile_cannotBeJoined() {
    StreamUnion.Outcome outcome = StreamUnion.of(List.of(CABAC, BASELINE));

    assertTrue(outcome.joined().isEmpty());
    assertEquals("configuration 1 cannot follow configuration 0 in one stream: profile 77 against 66",
        outcome.whyNot());
  }

  @Test
  void rbsp_escapesWhatWouldReadAsAStartCode_andBack() {
    byte[] rbsp = {0, 0, 1, 5, 0, 0, 0, 0, 3, 9, 0, 0};
    byte[] escaped = Rbsp.escape(rbsp);
    assertArrayEquals(new byte[] {0, 0, 3, 1, 5, 0, 0, 3, 0, 0, 3, 3, 9, 0, 0, 3}, escaped);
    assertArrayEquals(rbsp, java.util.Arrays.copyOf(Rbsp.unescape(escaped, 0, escaped.length), rbsp.length));
  }

  @Test
  void bitWriter_copiesUnalignedBits_asTheyAre() {
    java.util.Random random = new java.util.Random(7);
    byte[] source = new byte[64];
    random.nextBytes(source);
    for (int lead = 0; lead < 8; lead++) {
      for (int from = 0; from < 16; from++) {
        BitWriter out = new BitWriter(8);
        out.u(lead, 0);
        out.copy(source, from, 400 + from);
        BitReader copied = new BitReader(java.util.Arrays.copyOf(out.paddedBytes(), 80), lead);
        BitReader original = new BitReader(source, from);
        for (int i = 0; i < 400; i++) {
          assertEquals(original.bit(), copied.bit(), "lead " + lead + ", from " + from + ", bit " + i);
        }
      }
    }
  }

  @Test
  void bitWriter_writesExpGolomb_asTheReaderReadsIt() {
    BitWriter out = new BitWriter(4);
    for (int value : new int[] {0, 1, 2, 3, 6, 7, 255, 1000}) {
      out.ue(value);
    }
    out.trailingBits();
    byte[] written = out.escaped(new byte[0]);
    BitReader in = new BitReader(Rbsp.unescape(written, 0, written.length), 0);
    for (int value : new int[] {0, 1, 2, 3, 6, 7, 255, 1000}) {
      assertEquals(value, in.ue());
    }
  }
}
