package dev.montage.ffmpeg.internal.probe;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the copy planner knows of its sources' keyframes, as data gathered by the probe stage
 * before planning ({@link PacketKeyframes#index}): every source's video stream and, for every clip,
 * the first and last IDR frame inside the span it shows. Planning reads only this, so its decisions
 * are tested on made-up streams without media.
 */
public final class KeyframeIndex implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * A clip the index covers: its source and its in and out points.
   *
   * @param clipIndex the clip's index in the job
   * @param source the source file
   * @param inMicros the in point, from the source's start
   * @param outMicros the out point
   */
  public record ClipSpan(int clipIndex, String source, long inMicros, long outMicros) implements Serializable {}

  /**
   * The IDR frames inside a clip's span (see {@link VideoStreamFacts#span}): the first one before the
   * clip's last frame, and the last one; both empty when there is none.
   *
   * @param first presentation time of the first IDR frame
   * @param last presentation time of the last IDR frame
   */
  public record ClipIdrs(OptionalLong first, OptionalLong last) {

    /** No IDR frame inside. */
    public static final ClipIdrs NONE = new ClipIdrs(OptionalLong.empty(), OptionalLong.empty());
  }

  private final Map<String, VideoStreamFacts> streams;
  private final Map<Integer, ClipIdrs> clips;

  /** An index of {@code streams} by source file and the IDR frames of {@code clips} by clip index. */
  public KeyframeIndex(Map<String, VideoStreamFacts> streams, Map<Integer, ClipIdrs> clips) {
    this.streams = Map.copyOf(streams);
    this.clips = Map.copyOf(clips);
  }

  /**
   * The video stream of {@code source}.
   *
   * @throws IllegalArgumentException if the index was gathered without it
   */
  public VideoStreamFacts stream(String source) {
    VideoStreamFacts facts = streams.get(source);
    if (facts == null) {
      throw new IllegalArgumentException("no stream of " + source + " in the index");
    }
    return facts;
  }

  /**
   * The IDR frames inside clip {@code clipIndex}'s span.
   *
   * @throws IllegalArgumentException if the index was gathered without it
   */
  public ClipIdrs idrs(int clipIndex) {
    ClipIdrs idrs = clips.get(clipIndex);
    if (idrs == null) {
      throw new IllegalArgumentException("no IDR frames of clip " + clipIndex + " in the index");
    }
    return idrs;
  }

  /** Serialised as {@link Form}: an {@code OptionalLong} does not serialise. */
  private Object writeReplace() {
    Map<Integer, long[]> idrs = new java.util.HashMap<>();
    clips.forEach((clip, found) -> idrs.put(clip, new long[] {found.first().isPresent() ? 1 : 0,
        found.first().orElse(0), found.last().isPresent() ? 1 : 0, found.last().orElse(0)}));
    return new Form(new java.util.HashMap<>(streams), idrs);
  }

  /** An index as it crosses processes (gathered by a worker with isolation): each clip's IDR frames as four longs. */
  private record Form(Map<String, VideoStreamFacts> streams, Map<Integer, long[]> idrs) implements Serializable {

    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      Map<Integer, ClipIdrs> clips = new java.util.HashMap<>();
      idrs.forEach((clip, found) -> clips.put(clip, new ClipIdrs(
          found[0] == 1 ? OptionalLong.of(found[1]) : OptionalLong.empty(),
          found[2] == 1 ? OptionalLong.of(found[3]) : OptionalLong.empty())));
      return new KeyframeIndex(streams, clips);
    }
  }

  /** The clips covered, in no order. */
  public List<Integer> clipIndexes() {
    return List.copyOf(clips.keySet());
  }
}
