package dev.montage.core;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the finished video looks like: where it goes, its frame size and rate, the optional music
 * bed and the transition at every clip boundary not given its own (see
 * {@link MontageJob#transitions()}). Sources of another size are letterboxed or pillarboxed
 * (aspect ratio kept) and converted to this frame rate.
 *
 * @param path the output file; its extension picks the container (one of {@link #CONTAINERS})
 * @param width output width in pixels (even, as H.264 with 4:2:0 chroma needs)
 * @param height output height in pixels (even)
 * @param frameRate output frames per second
 * @param music music mixed under the clips, or {@code null} for none
 * @param transition the transition at every boundary not given its own; {@link Transition#cut()}
 *     for hard cuts
 */
public record OutputSpec(
    Path path, int width, int height, double frameRate, @Nullable MusicBed music, Transition transition) {

  /**
   * Container extensions the output may have: mp4, m4v, mov and mkv (H.264 video by default, AAC
   * audio) and webm (VP9 by default or AV1, Opus audio).
   */
  public static final Set<String> CONTAINERS = Set.of("mp4", "m4v", "mov", "mkv", "webm");

  /** Checks only for nulls; ranges are validated by {@link MontageBuilder#build()}. */
  public OutputSpec {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(transition, "transition");
  }

  /** The music bed, if any. */
  public Optional<MusicBed> musicBed() {
    return Optional.ofNullable(music);
  }

  /** The lower-case extension of {@link #path()}, or an empty string when it has none. */
  public String container() {
    Path name = path.getFileName();
    String file = name == null ? "" : name.toString();
    int dot = file.lastIndexOf('.');
    return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
