package dev.montage.ffmpeg.internal.hevc;

import java.io.Serializable;
import dev.montage.ffmpeg.internal.h264.BitReader;
import dev.montage.ffmpeg.internal.h264.BitWriter;
import dev.montage.ffmpeg.internal.h264.LengthPrefixed;
import dev.montage.ffmpeg.internal.h264.Rbsp;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * New ids for one HEVC stream's VPS, SPS and PPS so that they can sit beside another stream's sets
 * in one hvcC record (smart cut: x265 numbers every set 0, and so do the sources, usually), and the
 * rewriting of that stream's packets to match.
 *
 * <p>Why this works without parsing slice headers: a slice names its PPS right after one or two
 * flags (7.3.6.1), and everything after that id is left as it is by giving the PPS an id whose
 * Exp-Golomb code is exactly 8 bits longer (0 becomes one of 15-30; 1 or 2 one of 31-62). The rest
 * of the header and the byte-aligned slice data then move by one whole byte: only the first two
 * payload bytes change, and nothing after the id needs to be understood.
 */
public final class HevcIdRemap implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final int MAX_VPS_ID = 15;
  private static final int MAX_SPS_ID = 15;
  private static final int MAX_PPS_ID = 63;
  /** IRAP pictures (BLA, IDR, CRA and reserved IRAP types) carry no_output_of_prior_pics_flag. */
  private static final int FIRST_IRAP = 16;
  private static final int LAST_IRAP = 23;
  private static final int FIRST_NON_VCL = 32;

  private final Map<Integer, Integer> vps;
  private final Map<Integer, Integer> sps;
  private final Map<Integer, Integer> pps;
  private final int lengthSize;

  private HevcIdRemap(Map<Integer, Integer> vps, Map<Integer, Integer> sps, Map<Integer, Integer> pps,
      int lengthSize) {
    this.vps = vps;
    this.sps = sps;
    this.pps = pps;
    this.lengthSize = lengthSize;
  }

  /**
   * The ids {@code added}'s sets take beside {@code base}'s; empty where no such ids are free or a
   * set does not parse (the caller then repeats the sets in the stream).
   */
  public static Optional<HevcIdRemap> beside(HvcConfig base, HvcConfig added) {
    try {
      Set<Integer> usedVps = ids(base.units(HvcConfig.VPS), ParameterSetIds::vpsId);
      Set<Integer> usedSps = ids(base.units(HvcConfig.SPS), ParameterSetIds::spsId);
      Set<Integer> usedPps = ids(base.units(HvcConfig.PPS), ParameterSetIds::ppsId);
      Map<Integer, Integer> vps = new HashMap<>();
      Map<Integer, Integer> sps = new HashMap<>();
      Map<Integer, Integer> pps = new HashMap<>();
      for (byte[] unit : added.units(HvcConfig.VPS)) {
        vps.put(ParameterSetIds.vpsId(unit), free(usedVps, MAX_VPS_ID, -1));
      }
      for (byte[] unit : added.units(HvcConfig.SPS)) {
        sps.put(ParameterSetIds.spsId(unit), free(usedSps, MAX_SPS_ID, -1));
      }
      for (byte[] unit : added.units(HvcConfig.PPS)) {
        int id = ParameterSetIds.ppsId(unit);
        pps.put(id, free(usedPps, MAX_PPS_ID, ParameterSetIds.codeLength(id) + 8));
      }
      if (vps.containsValue(-1) || sps.containsValue(-1) || pps.containsValue(-1)) {
        return Optional.empty();
      }
      HevcIdRemap remap = new HevcIdRemap(vps, sps, pps, added.lengthSize());
      remap.merge(base, added); // every set parses renumbered, or none is used
      return Optional.of(remap);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The hvcC record holding {@code base}'s sets and {@code added}'s renumbered (the record this
   * remap was made {@link #beside}), at the higher of their levels.
   */
  public byte[] merge(HvcConfig base, HvcConfig added) {
    return base.withUnits(added, renumberedSets(added, HvcConfig.VPS), renumberedSets(added, HvcConfig.SPS),
        renumberedSets(added, HvcConfig.PPS));
  }

  /**
   * {@code packet} (NAL units behind {@code lengthSize}-byte lengths) with every slice naming its
   * new PPS id and any parameter set in it renumbered.
   *
   * @throws IllegalArgumentException where a unit does not parse
   */
  public byte[] rewrite(byte[] packet) {
    return LengthPrefixed.mapUnits(packet, lengthSize, ParameterSetIds.HEADER, this::rewriteUnit);
  }

  private byte[] rewriteUnit(byte[] unit) {
    int type = unit[0] >> 1 & 0x3F;
    if (type < FIRST_NON_VCL) {
      return slice(unit, type);
    }
    return switch (type) {
      case HvcConfig.VPS -> ParameterSetIds.vpsWithId(unit, mapped(vps, ParameterSetIds.vpsId(unit)));
      case HvcConfig.SPS -> spsRenumbered(unit);
      case HvcConfig.PPS -> ppsRenumbered(unit);
      default -> unit;
    };
  }

  /** A slice segment naming its PPS by the new id: its first two payload bytes rewritten (see the class comment). */
  private byte[] slice(byte[] unit, int type) {
    byte[] rbsp = Rbsp.unescape(unit, ParameterSetIds.HEADER, unit.length);
    BitReader in = new BitReader(rbsp, 0);
    int flags = type >= FIRST_IRAP && type <= LAST_IRAP ? 2 : 1;
    in.u(flags);
    int id = in.ue(MAX_PPS_ID);
    long rest = in.position();
    BitWriter out = new BitWriter(rbsp.length + 2);
    out.u(flags, rbsp[0] >> (8 - flags) & ((1 << flags) - 1));
    out.ue(mapped(pps, id));
    out.copy(rbsp, rest, rbsp.length * 8L);
    byte[] header = {unit[0], unit[1]};
    return escapedUnit(header, out.bytes());
  }

  private byte[] spsRenumbered(byte[] unit) {
    return ParameterSetIds.spsWithIds(unit, mapped(vps, vpsOf(unit)), mapped(sps, ParameterSetIds.spsId(unit)));
  }

  private byte[] ppsRenumbered(byte[] unit) {
    byte[] rbsp = Rbsp.unescape(unit, ParameterSetIds.HEADER, unit.length);
    BitReader in = new BitReader(rbsp, 0);
    int ppsId = in.ue(MAX_PPS_ID);
    int spsId = in.ue(MAX_SPS_ID);
    return ParameterSetIds.ppsWithIds(unit, mapped(pps, ppsId), mapped(sps, spsId));
  }

  private static int vpsOf(byte[] sps) {
    return (Rbsp.unescape(sps, ParameterSetIds.HEADER, sps.length)[0] & 0xFF) >> 4;
  }

  private List<byte[]> renumberedSets(HvcConfig config, int type) {
    return config.units(type).stream().map(this::rewriteUnit).toList();
  }

  private static byte[] escapedUnit(byte[] header, byte[] rbsp) {
    byte[] escaped = Rbsp.escape(rbsp);
    byte[] unit = new byte[header.length + escaped.length];
    System.arraycopy(header, 0, unit, 0, header.length);
    System.arraycopy(escaped, 0, unit, header.length, escaped.length);
    return unit;
  }

  private static int mapped(Map<Integer, Integer> ids, int id) {
    Integer to = ids.get(id);
    if (to == null) {
      throw new IllegalArgumentException("parameter set id " + id + " is not in the stream's record");
    }
    return to;
  }

  /** The lowest id up to {@code max} not in {@code used} (with a code of {@code codeLength} bits when that is positive), taken; -1 when none. */
  private static int free(Set<Integer> used, int max, int codeLength) {
    for (int id = 0; id <= max; id++) {
      if (!used.contains(id) && (codeLength < 0 || ParameterSetIds.codeLength(id) == codeLength)) {
        used.add(id);
        return id;
      }
    }
    return -1;
  }

  private static Set<Integer> ids(List<byte[]> units, java.util.function.ToIntFunction<byte[]> id) {
    Set<Integer> ids = new HashSet<>();
    for (byte[] unit : units) {
      ids.add(id.applyAsInt(unit));
    }
    return ids;
  }
}
