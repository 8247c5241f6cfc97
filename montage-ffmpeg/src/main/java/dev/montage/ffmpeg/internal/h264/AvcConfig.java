package dev.montage.ffmpeg.internal.h264;

import java.io.Serializable;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An H.264 decoder configuration record (MP4's {@code avcC}, FFmpeg's extradata for H.264 in MP4):
 * the parameter sets a stream's slices refer to by id. Smart cut splices encoded pieces between
 * copied GOPs; the pieces' parameter sets get ids the sources do not use, and {@link #merge} puts
 * both into the one record of the output, so the stream stays standard (no in-band parameter sets).
 */
public final class AvcConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final int NAL_IDR = 5;
  private static final int NAL_SLICE = 1;
  /** Ids x264 can give its parameter sets ({@code sps-id}). */
  private static final int MAX_ID = 31;

  private final byte[] header;
  private final List<byte[]> sps;
  private final List<byte[]> pps;
  private final byte[] tail;

  private AvcConfig(byte[] header, List<byte[]> sps, List<byte[]> pps, byte[] tail) {
    this.header = header;
    this.sps = sps;
    this.pps = pps;
    this.tail = tail;
  }

  /** Parses {@code extradata}; empty when it is not an avcC record (such as Annex B start codes). */
  public static Optional<AvcConfig> parse(byte[] extradata) {
    if (extradata.length < 7 || extradata[0] != 1) {
      return Optional.empty();
    }
    try {
      List<byte[]> sps = new ArrayList<>();
      int at = readNals(extradata, 6, extradata[5] & 0x1F, sps);
      List<byte[]> pps = new ArrayList<>();
      at = readNals(extradata, at + 1, extradata[at] & 0xFF, pps);
      if (sps.isEmpty() || pps.isEmpty()) {
        return Optional.empty();
      }
      AvcConfig config = new AvcConfig(java.util.Arrays.copyOf(extradata, 5), sps, pps,
          java.util.Arrays.copyOfRange(extradata, at, extradata.length));
      config.spsIds();
      config.ppsIds();
      return Optional.of(config);
    } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A record of {@code header} (its first five bytes), the parameter sets and the high-profile tail. */
  static AvcConfig of(byte[] header, List<byte[]> sps, List<byte[]> pps, byte[] tail) {
    return new AvcConfig(java.util.Arrays.copyOf(header, 5), List.copyOf(sps), List.copyOf(pps), tail.clone());
  }

  /** The first five bytes: version, profile, profile compatibility, level, length size. */
  byte[] header() {
    return header.clone();
  }

  /** What follows the parameter sets (High profile's chroma format, bit depths, SPS extensions). */
  byte[] tail() {
    return tail.clone();
  }

  /** The sequence parameter set NAL units, as stored. */
  List<byte[]> spsNals() {
    return sps;
  }

  /** The picture parameter set NAL units, as stored. */
  List<byte[]> ppsNals() {
    return pps;
  }

  /** The record as extradata. */
  public byte[] bytes() {
    return write(sps, pps);
  }

  /** Bytes of each NAL unit's length prefix in packets (1, 2 or 4). */
  public int lengthSize() {
    return (header[4] & 0x03) + 1;
  }

  /** The profile name x264 takes for this record's profile, or empty when x264 has none for it. */
  public Optional<String> x264Profile() {
    return switch (header[1] & 0xFF) {
      case 66 -> Optional.of("baseline");
      case 77 -> Optional.of("main");
      case 100 -> Optional.of("high");
      default -> Optional.empty();
    };
  }

  /** Ids of the sequence parameter sets. */
  public Set<Integer> spsIds() {
    Set<Integer> ids = new TreeSet<>();
    for (byte[] nal : sps) {
      // NAL header, profile_idc, constraint flags, level_idc, then seq_parameter_set_id ue(v).
      ids.add(new BitReader(Rbsp.unescape(nal, 1, nal.length), 24).ue(MAX_ID));
    }
    return Collections.unmodifiableSet(ids);
  }

  /** Ids of the picture parameter sets. */
  public Set<Integer> ppsIds() {
    Set<Integer> ids = new TreeSet<>();
    for (byte[] nal : pps) {
      ids.add(new BitReader(Rbsp.unescape(nal, 1, nal.length), 0).ue(255));
    }
    return Collections.unmodifiableSet(ids);
  }

  /** The lowest id free for both a new SPS and a new PPS, or empty when x264 has none left. */
  public Optional<Integer> freeId() {
    for (int id = 0; id <= MAX_ID; id++) {
      if (!spsIds().contains(id) && !ppsIds().contains(id)) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  /**
   * This record with {@code other}'s parameter sets added: header (profile, level, length size) and
   * the high-profile tail stay this record's.
   *
   * @throws IllegalArgumentException when the ids collide or the length sizes differ
   */
  public byte[] merge(AvcConfig other) {
    if (other.lengthSize() != lengthSize()) {
      throw new IllegalArgumentException("NAL length sizes differ: " + lengthSize() + " and " + other.lengthSize());
    }
    if (!Collections.disjoint(spsIds(), other.spsIds()) || !Collections.disjoint(ppsIds(), other.ppsIds())) {
      throw new IllegalArgumentException("parameter set ids collide: SPS " + spsIds() + " and " + other.spsIds()
          + ", PPS " + ppsIds() + " and " + other.ppsIds());
    }
    List<byte[]> allSps = new ArrayList<>(sps);
    allSps.addAll(other.sps);
    List<byte[]> allPps = new ArrayList<>(pps);
    allPps.addAll(other.pps);
    return write(allSps, allPps);
  }

  private byte[] write(List<byte[]> allSps, List<byte[]> allPps) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header, 0, header.length);
    out.write(0xE0 | allSps.size());
    allSps.forEach(nal -> writeNal(out, nal));
    out.write(allPps.size());
    allPps.forEach(nal -> writeNal(out, nal));
    out.write(tail, 0, tail.length);
    return out.toByteArray();
  }

  /**
   * Whether a packet's NAL units (length-prefixed with {@code lengthSize} bytes) hold an IDR slice:
   * where copying may start, as nothing after it refers to anything before.
   *
   * @param bytes reads byte {@code i} of the packet
   */
  public static boolean isIdr(java.util.function.LongUnaryOperator bytes, long size, int lengthSize) {
    long at = 0;
    while (at + lengthSize < size) {
      long length = 0;
      for (int i = 0; i < lengthSize; i++) {
        length = length << 8 | bytes.applyAsLong(at + i);
      }
      int type = (int) bytes.applyAsLong(at + lengthSize) & 0x1F;
      if (type == NAL_IDR) {
        return true;
      }
      if (type == NAL_SLICE || length <= 0) {
        return false;
      }
      at += lengthSize + length;
    }
    return false;
  }

  private static void writeNal(ByteArrayOutputStream out, byte[] nal) {
    out.write(nal.length >> 8 & 0xFF);
    out.write(nal.length & 0xFF);
    out.write(nal, 0, nal.length);
  }

  /** Reads {@code count} length-prefixed NAL units from {@code at} into {@code into}; returns the end. */
  private static int readNals(byte[] data, int at, int count, List<byte[]> into) {
    for (int i = 0; i < count; i++) {
      int length = u16(data, at);
      into.add(java.util.Arrays.copyOfRange(data, at + 2, checked(data, at + 2 + length)));
      at += 2 + length;
    }
    return at;
  }

  private static int u16(byte[] data, int at) {
    return (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
  }

  private static int checked(byte[] data, int end) {
    if (end > data.length) {
      throw new IllegalArgumentException("parameter set runs past the record");
    }
    return end;
  }
}
