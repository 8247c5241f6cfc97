package dev.montage.ffmpeg.internal.h264;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * H.264 streams of several encoders as one output stream: every source's parameter sets in one avcC
 * record under distinct ids, and for each source the {@link IdRemap} its packets need.
 *
 * <p>Streams may be joined when what a decoder must keep constant agrees (profile, chroma format,
 * bit depth, coded size and cropping, frame or field coding; see
 * {@link SeqParameterSet#incompatibility}) and their NAL length fields are as wide; the level of the
 * record is the highest of them (the output needs the most demanding source's decoder). Every copy
 * starts at an IDR frame, where a decoder may switch to another SPS. The first configuration keeps
 * its ids; a later one keeps an id where it is free or its set is already there byte for byte, and
 * takes the lowest free id otherwise.
 *
 * @param config the output's record
 * @param remaps for each configuration given, in order, how its ids change
 */
public record StreamUnion(AvcConfig config, List<IdRemap> remaps) {

  /** SPS ids H.264 allows (and an avcC record can count). */
  private static final int SPS_IDS = 32;
  /** PPS ids H.264 allows. */
  private static final int PPS_IDS = 256;
  /**
   * Profiles with NAL units whose ids {@link IdRemap} does not rewrite: Extended (slice data
   * partitions) and the multiview and 3D profiles (subset SPS, slice extensions).
   */
  private static final java.util.Set<Integer> UNRENUMBERED_PROFILES = java.util.Set.of(88, 118, 128, 134, 135, 138,
      139);

  /**
   * Why the streams cannot be one stream.
   *
   * @param union the union, or {@code null} when they cannot
   * @param whyNot in words, naming the configuration by its index; empty when they can
   */
  public record Outcome(@Nullable StreamUnion union, String whyNot) {

    /** The union, if the streams can be joined. */
    public Optional<StreamUnion> joined() {
      return Optional.ofNullable(union);
    }
  }

  /** Joins {@code configs} (the first one's ids stay as they are). */
  public static Outcome of(List<AvcConfig> configs) {
    if (configs.isEmpty()) {
      throw new IllegalArgumentException("no configuration to join");
    }
    AvcConfig first = configs.get(0);
    if (configs.size() == 1) {
      // One encoder's stream: its record as it is, nothing parsed or renumbered.
      return new Outcome(new StreamUnion(first, List.of(IdRemap.IDENTITY)), "");
    }
    List<List<SeqParameterSet>> spsOf = new ArrayList<>();
    List<List<PicParameterSet>> ppsOf = new ArrayList<>();
    try {
      for (AvcConfig config : configs) {
        spsOf.add(config.spsNals().stream().map(SeqParameterSet::parse).toList());
        ppsOf.add(config.ppsNals().stream().map(PicParameterSet::parse).toList());
      }
    } catch (IllegalArgumentException e) {
      return new Outcome(null, "a parameter set does not parse: " + e.getMessage());
    }
    SeqParameterSet reference = spsOf.get(0).get(0);
    String whyNot = whyNotJoinable(configs, spsOf, ppsOf);
    if (whyNot != null) {
      return new Outcome(null, whyNot);
    }
    Map<Integer, byte[]> spsById = new LinkedHashMap<>();
    Map<Integer, byte[]> ppsById = new LinkedHashMap<>();
    List<IdRemap> remaps = new ArrayList<>();
    int level = 0;
    int constraints = 0xFF;
    for (int c = 0; c < configs.size(); c++) {
      Map<Integer, Integer> spsIds = new HashMap<>();
      for (SeqParameterSet sps : spsOf.get(c)) {
        int id = place(spsById, sps.id(), sps::withId, SPS_IDS, newId -> true);
        if (id < 0) {
          return new Outcome(null, "more than " + SPS_IDS + " sequence parameter sets");
        }
        spsIds.put(sps.id(), id);
        level = Math.max(level, sps.levelIdc());
        constraints &= sps.constraintFlags();
      }
      Map<Integer, Integer> ppsIds = new HashMap<>();
      for (PicParameterSet pps : ppsOf.get(c)) {
        int id = placePps(ppsById, pps, spsIds);
        if (id < 0) {
          return new Outcome(null, "configuration " + c + ": " + pps + " refers to an SPS it does not have, or"
              + " more than " + PPS_IDS + " picture parameter sets");
        }
        ppsIds.put(pps.id(), id);
      }
      remaps.add(new IdRemap(byId(spsOf.get(c), SeqParameterSet::id), byId(ppsOf.get(c), PicParameterSet::id),
          spsIds, ppsIds, first.lengthSize()));
    }
    byte[] header = first.header();
    header[1] = (byte) reference.profileIdc();
    header[2] = (byte) constraints;
    header[3] = (byte) level;
    AvcConfig joined = AvcConfig.of(header, new ArrayList<>(spsById.values()), new ArrayList<>(ppsById.values()),
        first.tail());
    return new Outcome(new StreamUnion(joined, remaps), "");
  }

  /**
   * Why the parsed configurations cannot share one stream (NAL length size, what a decoder keeps
   * constant, profiles or slice groups not handled here), or {@code null} when they can.
   */
  private static @Nullable String whyNotJoinable(List<AvcConfig> configs, List<List<SeqParameterSet>> spsOf,
      List<List<PicParameterSet>> ppsOf) {
    SeqParameterSet reference = spsOf.get(0).get(0);
    for (int c = 0; c < configs.size(); c++) {
      if (configs.get(c).lengthSize() != configs.get(0).lengthSize()) {
        return "configuration " + c + " has " + configs.get(c).lengthSize() + "-byte NAL lengths, configuration 0 "
            + configs.get(0).lengthSize();
      }
      for (SeqParameterSet sps : spsOf.get(c)) {
        String why = reference.incompatibility(sps);
        if (why != null) {
          return "configuration " + c + " cannot follow configuration 0 in one stream: " + why;
        }
        if (UNRENUMBERED_PROFILES.contains(sps.profileIdc())) {
          return "configuration " + c + " is of profile " + sps.profileIdc()
              + " (data partitioning or multiview), whose units are not renumbered here";
        }
      }
      for (PicParameterSet pps : ppsOf.get(c)) {
        if (pps.sliceGroups() > 1) {
          return "configuration " + c + " uses slice groups (FMO)";
        }
      }
    }
    return null;
  }

  /**
   * Places {@code pps} with its SPS reference renumbered by {@code spsIds}; -1 when it refers to an
   * SPS its record lacks or no id is free. A CAVLC PPS takes only an id whose code is longer by whole
   * bytes: its slices' data moves with the code, and I_PCM macroblocks must stay byte-aligned.
   */
  private static int placePps(Map<Integer, byte[]> ppsById, PicParameterSet pps, Map<Integer, Integer> spsIds) {
    Integer spsId = spsIds.get(pps.spsId());
    if (spsId == null) {
      return -1;
    }
    java.util.function.IntPredicate fits = pps.cabac() ? newId -> true
        : newId -> (ueLength(newId) - ueLength(pps.id())) % 8 == 0;
    return place(ppsById, pps.id(), newId -> pps.withIds(newId, spsId), PPS_IDS, fits);
  }

  private static <T> Map<Integer, T> byId(List<T> sets, java.util.function.ToIntFunction<T> id) {
    Map<Integer, T> map = new HashMap<>();
    sets.forEach(set -> map.put(id.applyAsInt(set), set));
    return map;
  }

  /** Bits of {@code value}'s Exp-Golomb code. */
  static int ueLength(int value) {
    return 2 * (31 - Integer.numberOfLeadingZeros(value + 1)) + 1;
  }

  /**
   * Places a parameter set whose own id is {@code own}: under that id where it is free or holds the
   * same set, else under the lowest free id; returns the id, or -1 when none is free.
   */
  private static int place(Map<Integer, byte[]> byId, int own, java.util.function.IntFunction<byte[]> withId,
      int ids, java.util.function.IntPredicate allowed) {
    byte[] mine = withId.apply(own);
    byte[] there = byId.get(own);
    if (there == null || java.util.Arrays.equals(there, mine)) {
      byId.put(own, mine);
      return own;
    }
    for (int id = 0; id < ids; id++) {
      if (!allowed.test(id)) {
        continue;
      }
      byte[] held = byId.get(id);
      byte[] renumbered = withId.apply(id);
      if (held == null || java.util.Arrays.equals(held, renumbered)) {
        byId.put(id, renumbered);
        return id;
      }
    }
    return -1;
  }
}
