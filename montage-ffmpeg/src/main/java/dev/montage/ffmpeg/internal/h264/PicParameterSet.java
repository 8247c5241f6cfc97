package dev.montage.ffmpeg.internal.h264;

import java.io.Serializable;

/**
 * What an H.264 picture parameter set (7.3.2.2) fixes for reading slice headers, parsed from the
 * NAL unit as it sits in an avcC record.
 *
 * @param nal the NAL unit (header byte included, escaped as stored)
 * @param id {@code pic_parameter_set_id}
 * @param spsId {@code seq_parameter_set_id} it refers to
 * @param cabac {@code entropy_coding_mode_flag}
 * @param bottomFieldPicOrderPresent {@code bottom_field_pic_order_in_frame_present_flag}
 * @param sliceGroups slice groups (more than one: flexible macroblock ordering)
 * @param refIdxL0Default {@code num_ref_idx_l0_default_active_minus1}
 * @param refIdxL1Default {@code num_ref_idx_l1_default_active_minus1}
 * @param weightedPred {@code weighted_pred_flag}
 * @param weightedBipredIdc {@code weighted_bipred_idc}
 * @param deblockingControlPresent {@code deblocking_filter_control_present_flag}
 * @param redundantPicCntPresent {@code redundant_pic_cnt_present_flag}
 * @param idsEnd bit position in the RBSP after {@code seq_parameter_set_id}
 */
record PicParameterSet(byte[] nal, int id, int spsId, boolean cabac, boolean bottomFieldPicOrderPresent,
    int sliceGroups, int refIdxL0Default, int refIdxL1Default, boolean weightedPred, int weightedBipredIdc,
    boolean deblockingControlPresent, boolean redundantPicCntPresent, long idsEnd) implements Serializable {

  /**
   * Parses {@code nal}.
   *
   * @throws IllegalArgumentException when it is not a well-formed PPS
   */
  static PicParameterSet parse(byte[] nal) {
    if (nal.length < 2 || (nal[0] & 0x1F) != 8) {
      throw new IllegalArgumentException("not a PPS NAL unit");
    }
    BitReader in = new BitReader(Rbsp.unescape(nal, 1, nal.length), 0);
    int id = in.ue(255);
    int spsId = in.ue(31);
    long idsEnd = in.position();
    boolean cabac = in.flag();
    boolean bottomField = in.flag();
    int groups = in.ue(7) + 1;
    if (groups > 1) {
      // Flexible macroblock ordering (Baseline's slice groups): its slice header field is not read here.
      return new PicParameterSet(nal.clone(), id, spsId, cabac, bottomField, groups, 0, 0, false, 0, false, false,
          idsEnd);
    }
    int l0 = in.ue(31);
    int l1 = in.ue(31);
    boolean weighted = in.flag();
    int bipred = (int) in.u(2);
    in.se(); // pic_init_qp_minus26
    in.se(); // pic_init_qs_minus26
    in.se(); // chroma_qp_index_offset
    boolean deblocking = in.flag();
    in.bit(); // constrained_intra_pred_flag
    boolean redundant = in.flag();
    return new PicParameterSet(nal.clone(), id, spsId, cabac, bottomField, groups, l0, l1, weighted, bipred,
        deblocking, redundant, idsEnd);
  }

  /** This PPS's NAL unit with {@code pic_parameter_set_id} {@code newId} referring to SPS {@code newSpsId}. */
  byte[] withIds(int newId, int newSpsId) {
    if (newId == id && newSpsId == spsId) {
      return nal.clone();
    }
    return BitWriter.replaceHead(nal, idsEnd, out -> {
      out.ue(newId);
      out.ue(newSpsId);
    });
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PicParameterSet that && java.util.Arrays.equals(nal, that.nal);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(nal);
  }

  @Override
  public String toString() {
    return "PPS " + id + " -> SPS " + spsId + (cabac ? " (CABAC)" : " (CAVLC)");
  }
}
