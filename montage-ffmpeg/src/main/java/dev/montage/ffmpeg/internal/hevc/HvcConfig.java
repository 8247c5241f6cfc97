package dev.montage.ffmpeg.internal.hevc;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * An HEVC decoder configuration record (MP4's {@code hvcC}, FFmpeg's extradata for HEVC in MP4), as
 * far as a stream copy needs it: the width of the NAL length fields in packets, and the record
 * itself (sources copy into one stream only where their records are the same byte for byte).
 */
public final class HvcConfig {

  /** IDR picture with leading pictures that need nothing before it (IDR_W_RADL). */
  private static final int IDR_W_RADL = 19;
  /** IDR picture without leading pictures (IDR_N_LP). */
  private static final int IDR_N_LP = 20;
  /** NAL unit types below this hold coded slices. */
  private static final int FIRST_NON_VCL = 32;

  private final byte[] record;

  private HvcConfig(byte[] record) {
    this.record = record;
  }

  /** Parses {@code extradata}; empty when it is not an hvcC record (such as Annex B start codes). */
  public static Optional<HvcConfig> parse(byte[] extradata) {
    if (extradata.length < 23 || extradata[0] != 1) {
      return Optional.empty();
    }
    return Optional.of(new HvcConfig(extradata.clone()));
  }

  /** Bytes of each NAL unit's length prefix in packets (1, 2 or 4). */
  public int lengthSize() {
    return (record[21] & 0x03) + 1;
  }

  /** {@code general_profile_idc}: 1 Main, 2 Main 10, 3 Main Still Picture, 4 range extensions. */
  public int profile() {
    return record[1] & 0x1F;
  }

  /** The record as extradata. */
  public byte[] bytes() {
    return record.clone();
  }

  /**
   * Whether a packet's NAL units (length-prefixed with {@code lengthSize} bytes) start an IDR
   * picture: where copying may start, as nothing after it refers to anything before. A CRA picture
   * is a keyframe too, but its skipped leading pictures refer to the GOP before it, so it is not one.
   *
   * @param bytes reads byte {@code i} of the packet
   */
  public static boolean isIdr(LongUnaryOperator bytes, long size, int lengthSize) {
    long at = 0;
    while (at + lengthSize < size) {
      long length = 0;
      for (int i = 0; i < lengthSize; i++) {
        length = length << 8 | bytes.applyAsLong(at + i);
      }
      int type = (int) (bytes.applyAsLong(at + lengthSize) >> 1) & 0x3F;
      if (type == IDR_W_RADL || type == IDR_N_LP) {
        return true;
      }
      if (type < FIRST_NON_VCL || length <= 0) {
        return false;
      }
      at += lengthSize + length;
    }
    return false;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HvcConfig that && Arrays.equals(record, that.record);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(record);
  }
}
