package dev.montage.ffmpeg.internal.hevc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * An HEVC decoder configuration record (MP4's {@code hvcC}, FFmpeg's extradata for HEVC in MP4), as
 * far as a stream copy needs it: the width of the NAL length fields in packets, the profile, the
 * parameter sets it holds, and a copy of it with more sets in its arrays.
 *
 * <p>Two ways to let sets of different encoders share one stream. A smart cut's x265 pieces get new
 * ids and go into the output's record beside the sources' ({@link HevcIdRemap}): one record, an
 * {@code hvc1} track. Sources of different settings keep their ids (renumbering a source would
 * rewrite every slice of it), and each run's sets are repeated in front of its keyframes
 * ({@link #parameterSetsInBand}, {@link #withParameterSets}): HEVC lets sets change at every IDR
 * picture, and an {@code hev1} track's samples may carry them.
 */
public final class HvcConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  /** IDR picture with leading pictures that need nothing before it (IDR_W_RADL). */
  private static final int IDR_W_RADL = 19;
  /** IDR picture without leading pictures (IDR_N_LP). */
  private static final int IDR_N_LP = 20;
  /** NAL unit types below this hold coded slices. */
  private static final int FIRST_NON_VCL = 32;
  /** Video, sequence and picture parameter sets: NAL unit types 32, 33, 34. */
  static final int VPS = 32;
  static final int SPS = 33;
  static final int PPS = 34;
  /** Access unit delimiter: first in an access unit when present. */
  private static final int AUD = 35;
  /** Where the record's arrays of NAL units start (after numOfArrays). */
  private static final int ARRAYS = 23;

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

  /**
   * The FFmpeg encoder profile that writes streams of this record's profile: {@code main} or
   * {@code main10}; empty for the others (still pictures, range extensions), which smart cut leaves alone.
   */
  public Optional<String> x265Profile() {
    return switch (profile()) {
      case 1 -> Optional.of("main");
      case 2 -> Optional.of("main10");
      default -> Optional.empty();
    };
  }

  /**
   * The record's VPS, SPS and PPS NAL units, in that order, each behind a {@code lengthSize}-byte
   * length: what goes in front of a picture to make this record's sets the active ones.
   *
   * @throws IllegalArgumentException when the record's arrays run past its end
   */
  public byte[] parameterSetsInBand(int lengthSize) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int type = VPS; type <= PPS; type++) {
      for (byte[] unit : units(type)) {
        dev.montage.ffmpeg.internal.h264.LengthPrefixed.write(out, unit, lengthSize);
      }
    }
    return out.toByteArray();
  }

  /**
   * {@code packet} (NAL units behind {@code lengthSize}-byte lengths) with {@code parameterSets} in
   * front of its first picture's NAL units: after an access unit delimiter, which must stay first.
   */
  public static byte[] withParameterSets(byte[] packet, byte[] parameterSets, int lengthSize) {
    int insertAt = 0;
    if (packet.length > lengthSize && (packet[lengthSize] >> 1 & 0x3F) == AUD) {
      long length = 0;
      for (int i = 0; i < lengthSize; i++) {
        length = length << 8 | packet[i] & 0xFF;
      }
      insertAt = (int) Math.min(packet.length, lengthSize + length);
    }
    byte[] joined = new byte[packet.length + parameterSets.length];
    System.arraycopy(packet, 0, joined, 0, insertAt);
    System.arraycopy(parameterSets, 0, joined, insertAt, parameterSets.length);
    System.arraycopy(packet, insertAt, joined, insertAt + parameterSets.length, packet.length - insertAt);
    return joined;
  }

  /** {@code general_level_idc}: 30 times the level. */
  int levelIdc() {
    return record[12] & 0xFF;
  }

  /** The record's NAL units of {@code type} (with their 2-byte headers), in order. */
  List<byte[]> units(int type) {
    List<byte[]> units = new ArrayList<>();
    int at = ARRAYS;
    for (int array = 0; array < (record[ARRAYS - 1] & 0xFF); array++) {
      int arrayType = record[need(at, 3)] & 0x3F;
      int count = u16(at + 1);
      at += 3;
      for (int n = 0; n < count; n++) {
        int length = u16(at);
        need(at + 2, length);
        if (arrayType == type) {
          units.add(Arrays.copyOfRange(record, at + 2, at + 2 + length));
        }
        at += 2 + length;
      }
    }
    return units;
  }

  /**
   * This record with {@code vps}, {@code sps} and {@code pps} (from {@code other}'s stream) added to
   * its arrays of those types (each array marked complete): at the higher of the two levels, and
   * with no promise of spatial segmentation or parallelism where the two records' differ.
   */
  byte[] withUnits(HvcConfig other, List<byte[]> vps, List<byte[]> sps, List<byte[]> pps) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(record.length + 256);
    byte[] header = Arrays.copyOf(record, ARRAYS);
    header[12] = (byte) Math.max(levelIdc(), other.levelIdc());
    // min_spatial_segmentation_idc (12 bits after 4 reserved ones) and parallelismType (2 bits).
    if ((record[13] & 0x0F) != (other.record[13] & 0x0F) || record[14] != other.record[14]
        || (record[15] & 0x03) != (other.record[15] & 0x03)) {
      header[13] = (byte) 0xF0;
      header[14] = 0;
      header[15] = (byte) 0xFC;
    }
    List<Integer> types = new ArrayList<>();
    int at = ARRAYS;
    for (int array = 0; array < (record[ARRAYS - 1] & 0xFF); array++) {
      types.add(record[need(at, 3)] & 0x3F);
      int count = u16(at + 1);
      at += 3;
      for (int n = 0; n < count; n++) {
        at += 2 + u16(at);
      }
    }
    for (int type = VPS; type <= PPS; type++) {
      if (!types.contains(type)) {
        types.add(type);
      }
    }
    header[ARRAYS - 1] = (byte) types.size();
    out.writeBytes(header);
    for (int type : types) {
      List<byte[]> units = new ArrayList<>(units(type));
      units.addAll(type == VPS ? vps : type == SPS ? sps : type == PPS ? pps : List.of());
      out.write((type >= VPS && type <= PPS ? 0x80 : 0) | type);
      out.write(units.size() >> 8);
      out.write(units.size());
      for (byte[] unit : units) {
        out.write(unit.length >> 8);
        out.write(unit.length);
        out.writeBytes(unit);
      }
    }
    return out.toByteArray();
  }

  private int u16(int at) {
    need(at, 2);
    return (record[at] & 0xFF) << 8 | record[at + 1] & 0xFF;
  }

  private int need(int at, int bytes) {
    if (at + bytes > record.length) {
      throw new IllegalArgumentException("hvcC record of " + record.length + " bytes ends inside its arrays");
    }
    return at;
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
