package dev.montage.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a render of a job would do, worked out from its sources without writing anything: from
 * {@link MontageJob#plan()} or {@code montage render --dry-run}. For every clip it says whether the
 * clip is copied, smart-cut or re-encoded, and why it is not copied.
 *
 * @param mode how the output's video would be made
 * @param segments segments the work would be split into
 * @param frames output frames
 * @param duration output length
 * @param videoEncoder the video encoder pieces would be encoded with ({@code copy} when nothing is)
 * @param audio how the output's audio would be made (copied or encoded) and why
 * @param clips one entry per clip, in order
 */
public record RenderPlan(
    RenderResult.RenderMode mode, int segments, long frames, Duration duration, String videoEncoder,
    RenderResult.Audio audio, List<ClipPlan> clips) {

  /** Copies the clip list. */
  public RenderPlan {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(videoEncoder, "videoEncoder");
    Objects.requireNonNull(audio, "audio");
    clips = List.copyOf(clips);
  }

  /** How one clip's picture reaches the output. */
  public enum ClipPath {
    /** Compressed video copied from the source, nothing decoded. */
    COPIED("copied"),
    /** The whole GOPs copied; only the frames from each cut to the nearest keyframe encoded. */
    SMART_CUT("smart cut"),
    /** Decoded, composed and encoded. */
    REENCODED("re-encoded");

    private final String words;

    ClipPath(String words) {
      this.words = words;
    }

    /** The path in words: {@code copied}, {@code smart cut} or {@code re-encoded}. */
    public String words() {
      return words;
    }
  }

  /**
   * One clip's path.
   *
   * @param index the clip's 0-based index in the job
   * @param source the clip's source file
   * @param path how its picture reaches the output
   * @param reason why, in words (for a re-encoded clip: why it is not copied)
   */
  public record ClipPlan(int index, Path source, ClipPath path, String reason) {

    /** Checks for nulls. */
    public ClipPlan {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The plan as lines a person reads: the job first, its audio, then a line per clip. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%s: %d frames (%.3fs) in %d segment%s, video %s", mode, frames,
        duration.toNanos() / 1e9, segments, segments == 1 ? "" : "s", videoEncoder));
    lines.add("audio: " + audio.describe());
    for (ClipPlan clip : clips) {
      lines.add(String.format(Locale.ROOT, "clip %d (%s): %s: %s", clip.index(), clip.source(),
          clip.path().words(), clip.reason()));
    }
    return lines;
  }
}
