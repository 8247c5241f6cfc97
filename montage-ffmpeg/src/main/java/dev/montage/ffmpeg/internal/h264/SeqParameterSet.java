package dev.montage.ffmpeg.internal.h264;

import java.io.Serializable;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an H.264 sequence parameter set (7.3.2.1.1) fixes for a decoder and for reading slice
 * headers, parsed from the NAL unit as it sits in an avcC record.
 *
 * @param nal the NAL unit (header byte included, escaped as stored)
 * @param id {@code seq_parameter_set_id}
 * @param profileIdc {@code profile_idc}
 * @param constraintFlags the constraint_set flags byte
 * @param levelIdc {@code level_idc}
 * @param chromaFormatIdc {@code chroma_format_idc} (1 where the profile has no field for it)
 * @param separateColourPlane {@code separate_colour_plane_flag}
 * @param bitDepthLuma luma bit depth
 * @param bitDepthChroma chroma bit depth
 * @param log2MaxFrameNum bits of {@code frame_num}
 * @param pocType {@code pic_order_cnt_type}
 * @param log2MaxPocLsb bits of {@code pic_order_cnt_lsb} (type 0)
 * @param deltaPicOrderAlwaysZero {@code delta_pic_order_always_zero_flag} (type 1)
 * @param widthMbs picture width in macroblocks
 * @param heightMapUnits picture height in map units
 * @param frameMbsOnly {@code frame_mbs_only_flag}: progressive frames only
 * @param crop the frame cropping offsets (left, right, top, bottom), zeros when none
 * @param idEnd bit position in the RBSP after {@code seq_parameter_set_id}
 */
record SeqParameterSet(byte[] nal, int id, int profileIdc, int constraintFlags, int levelIdc, int chromaFormatIdc,
    boolean separateColourPlane, int bitDepthLuma, int bitDepthChroma, int log2MaxFrameNum, int pocType,
    int log2MaxPocLsb, boolean deltaPicOrderAlwaysZero, int widthMbs, int heightMapUnits, boolean frameMbsOnly,
    long crop, long idEnd) implements Serializable {

  /** The profiles whose SPS carries chroma format, bit depths and scaling matrices. */
  private static final Set<Integer> HIGH_PROFILES = Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134,
      135);

  /**
   * Parses {@code nal}.
   *
   * @throws IllegalArgumentException when it is not a well-formed SPS
   */
  static SeqParameterSet parse(byte[] nal) {
    if (nal.length < 5 || (nal[0] & 0x1F) != 7) {
      throw new IllegalArgumentException("not an SPS NAL unit");
    }
    byte[] rbsp = Rbsp.unescape(nal, 1, nal.length);
    BitReader in = new BitReader(rbsp, 0);
    int profile = (int) in.u(8);
    int constraints = (int) in.u(8);
    int level = (int) in.u(8);
    int id = in.ue(31);
    long idEnd = in.position();
    int chromaFormat = 1;
    boolean separate = false;
    int depthLuma = 8;
    int depthChroma = 8;
    if (HIGH_PROFILES.contains(profile)) {
      chromaFormat = in.ue(3);
      if (chromaFormat == 3) {
        separate = in.flag();
      }
      depthLuma = 8 + in.ue(6);
      depthChroma = 8 + in.ue(6);
      in.bit(); // qpprime_y_zero_transform_bypass_flag
      if (in.flag()) {
        for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
          if (in.flag()) {
            skipScalingList(in, i < 6 ? 16 : 64);
          }
        }
      }
    }
    int log2MaxFrameNum = 4 + in.ue(12);
    int pocType = in.ue(2);
    int log2MaxPocLsb = pocType == 0 ? 4 + in.ue(12) : 0;
    boolean alwaysZero = pocType == 1 && skipPocCycle(in);
    in.ue(); // max_num_ref_frames
    in.bit(); // gaps_in_frame_num_value_allowed_flag
    int width = in.ue(4096) + 1;
    int height = in.ue(4096) + 1;
    boolean frameMbsOnly = in.flag();
    if (!frameMbsOnly) {
      in.bit(); // mb_adaptive_frame_field_flag
    }
    in.bit(); // direct_8x8_inference_flag
    long crop = 0;
    if (in.flag()) {
      for (int i = 0; i < 4; i++) {
        crop = crop << 16 | in.ue(0xFFFF);
      }
    }
    return new SeqParameterSet(nal.clone(), id, profile, constraints, level, chromaFormat, separate, depthLuma,
        depthChroma, log2MaxFrameNum, pocType, log2MaxPocLsb, alwaysZero, width, height, frameMbsOnly, crop, idEnd);
  }

  /**
   * Reads picture order count type 1's fields after the type; returns
   * {@code delta_pic_order_always_zero_flag}.
   */
  private static boolean skipPocCycle(BitReader in) {
    boolean alwaysZero = in.flag();
    in.se(); // offset_for_non_ref_pic
    in.se(); // offset_for_top_to_bottom_field
    int cycle = in.ue(255);
    for (int i = 0; i < cycle; i++) {
      in.se();
    }
    return alwaysZero;
  }

  private static void skipScalingList(BitReader in, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) {
        next = (int) ((last + in.se() + 256) % 256);
      }
      last = next == 0 ? last : next;
    }
  }

  /** {@code ChromaArrayType}: 0 for monochrome or separately coded planes, else the chroma format. */
  int chromaArrayType() {
    return separateColourPlane ? 0 : chromaFormatIdc;
  }

  /**
   * Why a stream of this SPS and one of {@code other} cannot follow each other in one output stream
   * (what a decoder must keep constant: profile, chroma, bit depth, size, cropping, field coding),
   * or {@code null} when they can.
   */
  @Nullable String incompatibility(SeqParameterSet other) {
    if (profileIdc != other.profileIdc) {
      return "profile " + profileIdc + " against " + other.profileIdc;
    }
    if (chromaFormatIdc != other.chromaFormatIdc || separateColourPlane != other.separateColourPlane) {
      return "chroma format " + chromaFormatIdc + " against " + other.chromaFormatIdc;
    }
    if (bitDepthLuma != other.bitDepthLuma || bitDepthChroma != other.bitDepthChroma) {
      return "bit depth " + bitDepthLuma + " against " + other.bitDepthLuma;
    }
    if (widthMbs != other.widthMbs || heightMapUnits != other.heightMapUnits || crop != other.crop) {
      return "coded size or cropping differ";
    }
    if (frameMbsOnly != other.frameMbsOnly) {
      return frameMbsOnly ? "progressive against interlaced coding" : "interlaced against progressive coding";
    }
    return null;
  }

  /** This SPS's NAL unit with {@code seq_parameter_set_id} {@code newId}. */
  byte[] withId(int newId) {
    if (newId == id) {
      return nal.clone();
    }
    byte[] profileAndLevel = java.util.Arrays.copyOf(Rbsp.unescape(nal, 1, nal.length), 3);
    return BitWriter.replaceHead(nal, idEnd, out -> {
      out.copy(profileAndLevel, 0, 24);
      out.ue(newId);
    });
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SeqParameterSet that && java.util.Arrays.equals(nal, that.nal);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(nal);
  }

  @Override
  public String toString() {
    return "SPS " + id + " (profile " + profileIdc + ", level " + levelIdc + ", " + widthMbs + "x" + heightMapUnits
        + " MBs)";
  }
}
