package dev.montage.ffmpeg.internal.hevc;

import dev.montage.ffmpeg.internal.h264.BitReader;
import dev.montage.ffmpeg.internal.h264.BitWriter;
import dev.montage.ffmpeg.internal.h264.Rbsp;

/**
 * The ids in HEVC parameter sets (H.265 7.3.2): read and rewritten, the rest of each set kept bit
 * for bit. A VPS starts with its 4-bit id; an SPS with its VPS's id, then its own id after the
 * profile, tier and level; a PPS with its own id and its SPS's. Units are NAL units with their
 * 2-byte header and emulation-prevention bytes, as in an hvcC record.
 *
 * @throws IllegalArgumentException from any method, for a unit that does not parse as its type
 */
final class ParameterSetIds {

  /** NAL unit header bytes. */
  static final int HEADER = 2;
  /** Bits of the general profile, tier and level (7.3.3) and of one sub-layer's profile. */
  private static final int GENERAL_PTL_BITS = 96;
  private static final int SUB_LAYER_PROFILE_BITS = 88;
  private static final int SUB_LAYER_LEVEL_BITS = 8;

  private ParameterSetIds() {}

  /** The VPS's {@code vps_video_parameter_set_id}. */
  static int vpsId(byte[] vps) {
    return (int) reader(vps).u(4);
  }

  /** The SPS's {@code sps_seq_parameter_set_id}. */
  static int spsId(byte[] sps) {
    BitReader in = reader(sps);
    skipToSpsId(in);
    return in.ue(15);
  }

  /** The PPS's {@code pps_pic_parameter_set_id}. */
  static int ppsId(byte[] pps) {
    return reader(pps).ue(63);
  }

  /** {@code vps} with id {@code id}. */
  static byte[] vpsWithId(byte[] vps, int id) {
    return replaceHead(vps, 4, out -> out.u(4, id));
  }

  /** {@code sps} naming VPS {@code vpsId}, with id {@code spsId}. */
  static byte[] spsWithIds(byte[] sps, int vpsId, int spsId) {
    byte[] rbsp = Rbsp.unescape(sps, HEADER, sps.length);
    BitReader in = new BitReader(rbsp, 0);
    skipToSpsId(in);
    long idStart = in.position();
    in.ue(15);
    return replaceHead(sps, in.position(), out -> {
      out.u(4, vpsId);
      out.copy(rbsp, 4, idStart);
      out.ue(spsId);
    });
  }

  /** {@code pps} with id {@code ppsId}, naming SPS {@code spsId}. */
  static byte[] ppsWithIds(byte[] pps, int ppsId, int spsId) {
    BitReader in = reader(pps);
    in.ue(63);
    in.ue(15);
    return replaceHead(pps, in.position(), out -> {
      out.ue(ppsId);
      out.ue(spsId);
    });
  }

  /** Bits of the Exp-Golomb code of {@code value}. */
  static int codeLength(int value) {
    return 2 * (31 - Integer.numberOfLeadingZeros(value + 1)) + 1;
  }

  private static BitReader reader(byte[] unit) {
    return new BitReader(Rbsp.unescape(unit, HEADER, unit.length), 0);
  }

  /** Reads an SPS from its start up to its {@code sps_seq_parameter_set_id}. */
  private static void skipToSpsId(BitReader in) {
    in.u(4); // sps_video_parameter_set_id
    int maxSubLayersMinus1 = (int) in.u(3);
    in.u(1); // sps_temporal_id_nesting_flag
    in.u(32); // profile_tier_level: general part, in pieces of at most 32 bits
    in.u(32);
    in.u(GENERAL_PTL_BITS - 64);
    boolean[] profilePresent = new boolean[maxSubLayersMinus1];
    boolean[] levelPresent = new boolean[maxSubLayersMinus1];
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      profilePresent[i] = in.flag();
      levelPresent[i] = in.flag();
    }
    if (maxSubLayersMinus1 > 0) {
      in.u(2 * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
    }
    for (int i = 0; i < maxSubLayersMinus1; i++) {
      if (profilePresent[i]) {
        in.u(32);
        in.u(32);
        in.u(SUB_LAYER_PROFILE_BITS - 64);
      }
      if (levelPresent[i]) {
        in.u(SUB_LAYER_LEVEL_BITS);
      }
    }
  }

  /**
   * {@code unit} with the payload's bits before {@code oldHeadEnd} replaced by what {@code head}
   * writes, the rest up to the stop bit kept as it is, the stop bit and alignment written again.
   */
  private static byte[] replaceHead(byte[] unit, long oldHeadEnd, java.util.function.Consumer<BitWriter> head) {
    byte[] rbsp = Rbsp.unescape(unit, HEADER, unit.length);
    BitWriter out = new BitWriter(rbsp.length + 4);
    head.accept(out);
    out.copy(rbsp, oldHeadEnd, Rbsp.stopBit(rbsp));
    out.trailingBits();
    return out.escaped(new byte[] {unit[0], unit[1]});
  }
}
