package dev.montage.ffmpeg.internal.h264;

import java.io.Serializable;
import java.util.Map;

/**
 * How one source's parameter set ids change in the output's avcC record, and the rewriting of its
 * packets that follows: slices name their PPS by id, so a source whose ids were taken by another
 * encoder's sets gets its slice headers (and any in-band parameter sets) rewritten; a source that
 * keeps its ids is copied as it is ({@link #identity}).
 */
public final class IdRemap implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final int NAL_SLICE = 1;
  private static final int NAL_IDR = 5;
  private static final int NAL_SPS = 7;
  private static final int NAL_PPS = 8;

  /** Every id stays: a source whose record is the output's. */
  static final IdRemap IDENTITY = new IdRemap(Map.of(), Map.of(), Map.of(), Map.of(), 4);

  private final Map<Integer, SeqParameterSet> sps;
  private final Map<Integer, PicParameterSet> pps;
  private final Map<Integer, Integer> spsIds;
  private final Map<Integer, Integer> ppsIds;
  private final int lengthSize;
  private final boolean identity;

  IdRemap(Map<Integer, SeqParameterSet> sps, Map<Integer, PicParameterSet> pps, Map<Integer, Integer> spsIds,
      Map<Integer, Integer> ppsIds, int lengthSize) {
    this.sps = Map.copyOf(sps);
    this.pps = Map.copyOf(pps);
    this.spsIds = Map.copyOf(spsIds);
    this.ppsIds = Map.copyOf(ppsIds);
    this.lengthSize = lengthSize;
    this.identity = this.spsIds.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()))
        && this.ppsIds.entrySet().stream().allMatch(e -> e.getKey().equals(e.getValue()));
  }

  /** Whether every id stays as it is: packets are copied untouched. */
  public boolean identity() {
    return identity;
  }

  /** The output id of the source's PPS {@code id}. */
  int ppsId(int id) {
    Integer mapped = ppsIds.get(id);
    if (mapped == null) {
      throw new IllegalArgumentException("no PPS " + id);
    }
    return mapped;
  }

  /**
   * {@code packet} (NAL units each prefixed by its length) with every slice referring to the output's
   * ids, and in-band parameter sets renumbered the same way.
   *
   * @throws IllegalArgumentException when a unit does not parse or refers to a set the source's
   *     record does not have
   */
  public byte[] rewrite(byte[] packet) {
    if (identity()) {
      return packet;
    }
    return LengthPrefixed.mapUnits(packet, lengthSize, 1, nal -> switch (nal[0] & 0x1F) {
      case NAL_SLICE, NAL_IDR -> SliceHeader.withPps(nal, pps, sps, ppsIds);
      case 2, 15, 20 -> throw new IllegalArgumentException("NAL unit type " + (nal[0] & 0x1F)
          + " (data partition, subset SPS or slice extension) carries ids not renumbered here");
      case NAL_SPS -> renumbered(SeqParameterSet.parse(nal));
      case NAL_PPS -> renumbered(PicParameterSet.parse(nal));
      default -> nal;
    });
  }

  /** An in-band SPS, renumbered; it must be the record's (slices are read against the record's sets). */
  private byte[] renumbered(SeqParameterSet set) {
    Integer id = spsIds.get(set.id());
    if (id == null || !set.equals(sps.get(set.id()))) {
      throw new IllegalArgumentException("in-band SPS " + set.id() + " is not the one in the source's record");
    }
    return set.withId(id);
  }

  /** An in-band PPS, renumbered; it must be the record's. */
  private byte[] renumbered(PicParameterSet set) {
    Integer id = ppsIds.get(set.id());
    Integer spsId = spsIds.get(set.spsId());
    if (id == null || spsId == null || !set.equals(pps.get(set.id()))) {
      throw new IllegalArgumentException("in-band " + set + " is not the one in the source's record");
    }
    return set.withIds(id, spsId);
  }

  @Override
  public String toString() {
    return "IdRemap[SPS " + spsIds + ", PPS " + ppsIds + "]";
  }
}
