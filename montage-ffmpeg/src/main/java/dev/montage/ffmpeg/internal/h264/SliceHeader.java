package dev.montage.ffmpeg.internal.h264;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites the {@code pic_parameter_set_id} of a coded slice (H.264 7.3.3), leaving every other bit
 * of the slice as it is: what lets slices of two encoders that both call their PPS 0 share a stream.
 *
 * <p>The id is an Exp-Golomb code, so a new id may be longer or shorter and everything after it
 * moves by that many bits. With CAVLC the slice data simply follows; {@link StreamUnion} gives a
 * CAVLC stream's PPS only ids whose code is longer by whole bytes, so I_PCM macroblocks (aligned to
 * the byte) stay aligned. With CABAC the slice data starts
 * at the next byte boundary after the header (alignment ones), so the whole header is parsed to find
 * its end, the alignment is redone and the slice data copied byte for byte.
 */
final class SliceHeader {

  /** Payload bytes unescaped to read a CABAC slice header: far more than any header of real streams. */
  private static final int HEADER_PREFIX = 256;
  private static final int P = 0;
  private static final int B = 1;
  private static final int I = 2;
  private static final int SP = 3;
  private static final int SI = 4;

  private SliceHeader() {}

  /**
   * The slice NAL unit {@code nal} (type 1 or 5, header byte included, escaped) referring to PPS
   * {@code newPpsId} instead of its own.
   *
   * @param pps the slice's parameter sets by their (old) PPS id
   * @param sps the slice's sequence parameter sets by their (old) SPS id
   * @throws IllegalArgumentException when the slice does not parse against its parameter sets
   */
  static byte[] withPps(byte[] nal, Map<Integer, PicParameterSet> pps, Map<Integer, SeqParameterSet> sps,
      Map<Integer, Integer> newPpsIds) {
    // A CABAC header lies in the first bytes: unescape only those, and the whole unit where that
    // does not do (CAVLC shifts its slice data; a header longer than the prefix).
    if (nal.length > 1 + HEADER_PREFIX) {
      byte[] fast = rewrite(nal, Rbsp.unescapeMapped(nal, 1, 1 + HEADER_PREFIX), false, pps, sps, newPpsIds);
      if (fast != null) {
        return fast;
      }
    }
    byte[] rewritten = rewrite(nal, Rbsp.unescapeMapped(nal, 1, nal.length), true, pps, sps, newPpsIds);
    if (rewritten == null) {
      throw new IllegalStateException("a whole slice always rewrites");
    }
    return rewritten;
  }

  /**
   * The slice renumbered from {@code unescaped}, the start of its payload ({@code complete}: all of
   * it); {@code null} where that start does not reach far enough.
   */
  private static byte @Nullable [] rewrite(byte[] nal, Rbsp.Unescaped unescaped, boolean complete,
      Map<Integer, PicParameterSet> pps, Map<Integer, SeqParameterSet> sps, Map<Integer, Integer> newPpsIds) {
    int nalType = nal[0] & 0x1F;
    int nalRefIdc = nal[0] >> 5 & 3;
    byte[] rbsp = unescaped.rbsp();
    BitReader in = new BitReader(rbsp, 0);
    try {
      long firstMb = in.ue();
      int sliceType = in.ue(9);
      int ppsId = in.ue(255);
      long afterPps = in.position();
      PicParameterSet picture = pps.get(ppsId);
      Integer newId = newPpsIds.get(ppsId);
      if (picture == null || newId == null) {
        throw new IllegalArgumentException("slice refers to PPS " + ppsId + ", which its stream does not have");
      }
      if (newId == ppsId) {
        return nal;
      }
      SeqParameterSet sequence = sps.get(picture.spsId());
      if (sequence == null) {
        throw new IllegalArgumentException(picture + " refers to an SPS its stream does not have");
      }
      if (!picture.cabac() && !complete) {
        return null;
      }
      BitWriter out = new BitWriter(picture.cabac() ? 64 : rbsp.length + 8);
      out.ue(firstMb);
      out.ue(sliceType);
      out.ue(newId);
      if (!picture.cabac()) {
        out.copy(rbsp, afterPps, Rbsp.stopBit(rbsp));
        out.trailingBits();
        return out.escaped(new byte[] {nal[0]});
      }
      skipRest(in, sliceType % 5, nalType == 5, nalRefIdc, picture, sequence);
      long headerEnd = in.position();
      out.copy(rbsp, afterPps, headerEnd);
      out.alignWithOnes();
      return splice(nal, unescaped, complete, out.bytes(), (int) ((headerEnd + 7) >>> 3));
    } catch (IllegalArgumentException e) {
      if (complete) {
        throw e;
      }
      return null; // the header runs past the prefix, or a failure the whole unit will report
    }
  }

  /**
   * {@code header} (the new slice header, byte-aligned) followed by the slice data from payload byte
   * {@code dataStart}, escaped: the data's escaped bytes are copied from {@code nal} as they are from
   * the first byte that follows a non-zero one (where escaping no longer depends on what came
   * before), so only the header and a few bytes are escaped again.
   */
  private static byte @Nullable [] splice(byte[] nal, Rbsp.Unescaped unescaped, boolean complete, byte[] header,
      int dataStart) {
    byte[] rbsp = unescaped.rbsp();
    int join = dataStart + 1;
    while (join < rbsp.length && rbsp[join - 1] == 0) {
      join++;
    }
    if (!complete && join >= rbsp.length) {
      return null;
    }
    if (join > rbsp.length) {
      join = rbsp.length;
    }
    byte[] head = new byte[header.length + join - dataStart];
    System.arraycopy(header, 0, head, 0, header.length);
    System.arraycopy(rbsp, dataStart, head, header.length, join - dataStart);
    int tailFrom = 1 + unescaped.escapedIndex(join);
    boolean whole = join >= rbsp.length;
    byte[] result = new byte[1 + Rbsp.escapedCapacity(head.length) + (whole ? 0 : nal.length - tailFrom)];
    result[0] = nal[0];
    int at = Rbsp.escapeInto(head, 0, head.length, result, 1, whole);
    if (!whole) {
      System.arraycopy(nal, tailFrom, result, at, nal.length - tailFrom);
      at += nal.length - tailFrom;
    }
    return java.util.Arrays.copyOf(result, at);
  }

  /** Reads the slice header after {@code pic_parameter_set_id} to its last field. */
  private static void skipRest(BitReader in, int type, boolean idr, int nalRefIdc, PicParameterSet pps,
      SeqParameterSet sps) {
    if (pps.sliceGroups() > 1) {
      throw new IllegalArgumentException("slice groups (FMO) are not read here");
    }
    if (sps.separateColourPlane()) {
      in.u(2);
    }
    skipPictureNumbering(in, idr, pps, sps);
    if (pps.redundantPicCntPresent()) {
      in.ue();
    }
    if (type == B) {
      in.bit(); // direct_spatial_mv_pred_flag
    }
    // Without an override the PPS default holds, field pictures included (7.4.3).
    int refL0 = pps.refIdxL0Default();
    int refL1 = pps.refIdxL1Default();
    if (type == P || type == SP || type == B) {
      if (in.flag()) {
        refL0 = in.ue(31);
        if (type == B) {
          refL1 = in.ue(31);
        }
      }
    }
    if (type != I && type != SI) {
      skipListModification(in);
      if (type == B) {
        skipListModification(in);
      }
    }
    if (pps.weightedPred() && (type == P || type == SP) || pps.weightedBipredIdc() == 1 && type == B) {
      skipWeights(in, sps.chromaArrayType(), refL0, type == B ? refL1 : -1);
    }
    if (nalRefIdc != 0) {
      skipRefPicMarking(in, idr);
    }
    if (type != I && type != SI) {
      in.ue(); // cabac_init_idc (the caller reads only CABAC slices this far)
    }
    in.se(); // slice_qp_delta
    if (type == SP || type == SI) {
      if (type == SP) {
        in.bit();
      }
      in.se();
    }
    if (pps.deblockingControlPresent()) {
      if (in.ue(2) != 1) {
        in.se();
        in.se();
      }
    }
  }

  /** {@code frame_num}, the field flags, {@code idr_pic_id} and the picture order count fields. */
  private static void skipPictureNumbering(BitReader in, boolean idr, PicParameterSet pps, SeqParameterSet sps) {
    in.u(sps.log2MaxFrameNum());
    boolean field = false;
    if (!sps.frameMbsOnly()) {
      field = in.flag();
      if (field) {
        in.bit();
      }
    }
    if (idr) {
      in.ue();
    }
    boolean bottomDelta = pps.bottomFieldPicOrderPresent() && !field;
    if (sps.pocType() == 0) {
      in.u(sps.log2MaxPocLsb());
      if (bottomDelta) {
        in.se();
      }
    }
    if (sps.pocType() == 1 && !sps.deltaPicOrderAlwaysZero()) {
      in.se();
      if (bottomDelta) {
        in.se();
      }
    }
  }

  private static void skipListModification(BitReader in) {
    if (!in.flag()) {
      return;
    }
    for (int guard = 0; guard < 100; guard++) {
      int idc = in.ue(5);
      if (idc == 3) {
        return;
      }
      in.ue();
    }
    throw new IllegalArgumentException("reference list modification without its end");
  }

  private static void skipWeights(BitReader in, int chromaArrayType, int refL0, int refL1) {
    in.ue(); // luma_log2_weight_denom
    if (chromaArrayType != 0) {
      in.ue();
    }
    for (int refs : new int[] {refL0, refL1}) {
      for (int i = 0; refs >= 0 && i <= refs; i++) {
        if (in.flag()) {
          in.se();
          in.se();
        }
        if (chromaArrayType != 0 && in.flag()) {
          for (int j = 0; j < 4; j++) {
            in.se();
          }
        }
      }
    }
  }

  private static void skipRefPicMarking(BitReader in, boolean idr) {
    if (idr) {
      in.bit();
      in.bit();
      return;
    }
    if (!in.flag()) {
      return;
    }
    for (int guard = 0; guard < 100; guard++) {
      int operation = in.ue(6);
      if (operation == 0) {
        return;
      }
      if (operation == 1 || operation == 3) {
        in.ue();
      }
      if (operation == 2) {
        in.ue();
      }
      if (operation == 3 || operation == 6) {
        in.ue();
      }
      if (operation == 4) {
        in.ue();
      }
    }
    throw new IllegalArgumentException("reference picture marking without its end");
  }
}
