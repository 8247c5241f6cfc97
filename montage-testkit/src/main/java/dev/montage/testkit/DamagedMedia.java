package dev.montage.testkit;

import dev.montage.testkit.internal.PacketEdit;
import dev.montage.testkit.internal.PacketFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Damaged but playable media for tests of damage reporting: remuxes of a valid file in which part of
 * the video is missing or undecodable while the audio and the container's duration stay whole. A
 * decoder that holds the last good frame over such damage shows a frozen picture, which is what the
 * caller must be told about.
 *
 * <p>Each factory packet-copies {@code valid} (no re-encoding) into a file of the same container in
 * {@code dir}, named after the damage and the original name, and returns its path. Times are
 * seconds from the start of the file, as a grabber reports frame timestamps. A span of damage
 * should end on a keyframe (synthetic files have one at every whole second): the packets after it
 * up to the next keyframe refer to pictures that are missing, and decoders show them with visible
 * errors.
 *
 * <p>Made for, and tested on, MP4, MOV, Matroska and WebM files without B-frames (every synthetic
 * file but MPEG-2 video, which JavaCV's recorder writes with B-frames: dropping by presentation time
 * there leaves B-frames whose later reference is gone). AVI does not fit: it has no timestamps to
 * keep a hole in, and FFmpeg takes an AVI's duration from its video stream.
 */
public final class DamagedMedia {

  /** Seed of the noise {@link #undecodableSpan} writes over packets. */
  public static final long SCRAMBLE_SEED = 11;

  private DamagedMedia() {}

  /**
   * A copy of {@code valid} without the video packets whose time is in {@code [fromSeconds,
   * toSeconds)}, named {@code gap-<from>-<to>-<name>}: decoded video jumps from the last frame before
   * the gap to the first at or after {@code toSeconds}. Audio and all other timestamps are kept, and
   * the container still reports the full duration.
   *
   * @throws IllegalArgumentException when the span is empty or negative
   * @throws SyntheticMediaException when FFmpeg can not remux {@code valid}
   */
  public static Path withGap(Path dir, Path valid, double fromSeconds, double toSeconds) {
    requireSpan(fromSeconds, toSeconds);
    Path path = target(dir, String.format(Locale.ROOT, "gap-%s-%s-", text(fromSeconds), text(toSeconds)), valid);
    PacketFiles.remux(valid, path, "video gap", PacketEdit.dropVideo(fromSeconds, toSeconds));
    return path;
  }

  /**
   * A copy of {@code valid} whose video stops before {@code videoEndSeconds} (packets at or after it
   * are dropped) while the audio goes on to the original end, named {@code ends-early-<end>-<name>}.
   * The container reports the original duration, so a reader learns of the early end only from the
   * stream itself.
   *
   * @throws IllegalArgumentException when {@code videoEndSeconds} is not positive
   * @throws SyntheticMediaException when FFmpeg can not remux {@code valid}
   */
  public static Path endsEarly(Path dir, Path valid, double videoEndSeconds) {
    if (!(videoEndSeconds > 0)) {
      throw new IllegalArgumentException("videoEndSeconds must be > 0 but was " + videoEndSeconds);
    }
    Path path = target(dir, "ends-early-" + text(videoEndSeconds) + "-", valid);
    PacketFiles.remux(valid, path, "early video end", PacketEdit.dropVideo(videoEndSeconds, Double.MAX_VALUE));
    return path;
  }

  /**
   * A copy of {@code valid} whose video packets with a time in {@code [fromSeconds, toSeconds)} are
   * all still there, with their timestamps and sizes, but filled with seeded noise
   * ({@value #SCRAMBLE_SEED}), named {@code undecodable-<from>-<to>-<name>}: the decoder fails on
   * them or drops them, and the packets after them up to the next keyframe, which refer to them,
   * decode with errors.
   *
   * @throws IllegalArgumentException when the span is empty or negative
   * @throws SyntheticMediaException when FFmpeg can not remux {@code valid}
   */
  public static Path undecodableSpan(Path dir, Path valid, double fromSeconds, double toSeconds) {
    requireSpan(fromSeconds, toSeconds);
    Path path = target(dir,
        String.format(Locale.ROOT, "undecodable-%s-%s-", text(fromSeconds), text(toSeconds)), valid);
    PacketFiles.remux(valid, path, "scrambled video span",
        PacketEdit.scrambleVideo(fromSeconds, toSeconds, SCRAMBLE_SEED));
    return path;
  }

  private static void requireSpan(double from, double to) {
    if (!(from >= 0 && to > from)) {
      throw new IllegalArgumentException(
          "span must have 0 <= from < to but was [" + from + ", " + to + ")");
    }
  }

  private static Path target(Path dir, String prefix, Path valid) {
    Path path = dir.resolve(prefix + valid.getFileName());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare damaged media " + path + ": " + e.getMessage(), e);
    }
    return path;
  }

  private static String text(double seconds) {
    String text = String.format(Locale.ROOT, "%.3f", seconds).replaceAll("0+$", "");
    return (text.endsWith(".") ? text.substring(0, text.length() - 1) : text) + "s";
  }
}
