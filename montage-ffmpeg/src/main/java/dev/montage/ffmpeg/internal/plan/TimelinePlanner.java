package dev.montage.ffmpeg.internal.plan;

import java.io.Serializable;
import dev.montage.core.Transition;
import dev.montage.core.internal.TimelineFrames;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Places clips on the global frame timeline and cuts it into segments.
 *
 * <p>Frame boundaries come from cumulative clip lengths rounded once each, so 1000 clips do not
 * drift. With a transition of X frames after clip i, clip i+1 starts X frames before clip i ends;
 * the overlap is rendered by the segment that holds clip i, so a segment may read the head of the
 * next segment's first clip, and that clip's head is skipped by its own segment.
 */
public final class TimelinePlanner {

  private TimelinePlanner() {}

  /**
   * One resolved clip.
   *
   * @param clipIndex index in the job
   * @param source source path
   * @param inMicros in point
   * @param outMicros out point
   * @param info what the source is
   * @param gain factor of the clip's own sound (0: muted)
   * @param speed how fast the clip plays (1: as recorded)
   * @param still whether the source is a still image (else a video, or a title card)
   * @param motion how the picture moves ({@link Motion#WHOLE}: shown whole, unmoving)
   * @param title a title card's text (its frames unused), or {@code null} for a clip of a file
   */
  public record ResolvedClip(int clipIndex, String source, long inMicros, long outMicros, SourceFacts info,
      double gain, double speed, boolean still, Motion motion, @Nullable Caption title) implements Serializable {

    /** A video clip whose sound stays as recorded, playing at its own speed, shown whole. */
    public ResolvedClip(int clipIndex, String source, long inMicros, long outMicros, SourceFacts info) {
      this(clipIndex, source, inMicros, outMicros, info, 1, 1, false, Motion.WHOLE, null);
    }
  }

  /**
   * What the planner needs of a source.
   *
   * @param rotation clockwise rotation
   * @param width coded width
   * @param height coded height
   * @param hasAudio whether it has audio
   * @param fps frame rate
   * @param micros length
   * @param bytes file size
   */
  public record SourceFacts(int rotation, int width, int height, boolean hasAudio, double fps, long micros, long bytes)
      implements Serializable {}

  /**
   * The bytes reading {@code clip} covers: its share of the source's size by duration (a whole file
   * when the length is unknown), what the timeout policy's formula is applied to.
   */
  public static long spanBytes(ResolvedClip clip) {
    long length = clip.info().micros();
    long span = Math.max(0, clip.outMicros() - clip.inMicros());
    if (length <= 0 || span >= length) {
      return clip.info().bytes();
    }
    return (long) (clip.info().bytes() * (span / (double) length));
  }

  /**
   * The clips placed on the timeline.
   *
   * @param clips placed clips in order, each with its entrance as clamped (so that no clip takes
   *     part in two transitions at once)
   * @param totalFrames frames of the whole output
   * @param captions texts over the montage, in drawing order
   */
  public record Timeline(List<PlannedClip> clips, long totalFrames, List<Caption> captions) {

    /** Copies the lists. */
    public Timeline {
      clips = List.copyOf(clips);
      captions = List.copyOf(captions);
    }

    /** This timeline with {@code texts} over it, clamped to its frames. */
    public Timeline withCaptions(List<Caption> texts) {
      List<Caption> clamped = new ArrayList<>();
      for (Caption text : texts) {
        long end = Math.min(text.endFrame(), totalFrames);
        if (text.firstFrame() < end) {
          clamped.add(new Caption(text.text(), text.style(), text.firstFrame(), end));
        }
      }
      return new Timeline(clips, totalFrames, clamped);
    }
  }

  /** Places the clips with the same transition at every boundary (see {@link #place(List, OutputFormat, List)}). */
  public static Timeline place(List<ResolvedClip> clips, OutputFormat format, Transition transition) {
    return place(clips, format, java.util.Collections.nCopies(Math.max(0, clips.size() - 1), transition));
  }

  /** Places the clips with {@code transitions.get(i)} after clip i. */
  public static Timeline place(List<ResolvedClip> clips, OutputFormat format, List<Transition> transitions) {
    long[] lengths = new long[clips.size()];
    for (int i = 0; i < lengths.length; i++) {
      ResolvedClip clip = clips.get(i);
      lengths[i] = TimelineFrames.lengthMicros(clip.inMicros(), clip.outMicros(), clip.speed());
    }
    int[] requested = new int[transitions.size()];
    for (int i = 0; i < requested.length; i++) {
      requested[i] = TimelineFrames.transitionFrames(TimelineFrames.micros(transitions.get(i).duration()), format.fps());
    }
    // The frame arithmetic lives in core, shared with MontageJob.plannedFrames().
    TimelineFrames.Plan frames = TimelineFrames.plan(lengths, format.fps(), requested);
    List<PlannedClip> placed = new ArrayList<>(clips.size());
    long start = 0;
    for (int i = 0; i < clips.size(); i++) {
      ResolvedClip clip = clips.get(i);
      int[] fit = clip.motion().isWhole() ? fit(clip.info(), format.width(), format.height())
          : zoomedSize(clip.info(), format, clip.motion());
      Entrance entrance = i == 0 ? Entrance.CUT : Entrance.of(transitions.get(i - 1), frames.overlapAfter(i - 1));
      placed.add(new PlannedClip(clip.clipIndex(), clip.source(), clip.inMicros(), start, frames.frames(i),
          clip.info().rotation(), fit[0], fit[1], clip.info().hasAudio(), clip.info().fps(), clip.info().micros(),
          clip.gain(), clip.speed(), entrance, clip.still(), clip.motion(), clip.title()));
      start += frames.frames(i) - frames.overlapAfter(i);
    }
    return new Timeline(placed, frames.totalFrames(), List.of());
  }

  /**
   * Cuts placed clips into segments of at most {@code batchSize} clips each.
   *
   * @param files names the video and audio file of segment i
   */
  public static List<SegmentPlan> segments(
      Timeline timeline,
      List<ResolvedClip> resolved,
      int batchSize,
      OutputFormat format,
      EncoderSettings encoder,
      SegmentFiles files) {
    List<SegmentPlan> plans = new ArrayList<>();
    List<PlannedClip> placed = timeline.clips();
    long total = timeline.totalFrames();
    for (int first = 0; first < placed.size(); first += batchSize) {
      int index = plans.size();
      int last = Math.min(first + batchSize, placed.size()) - 1;
      long startFrame = first == 0 ? 0 : placed.get(first).startFrame() + placed.get(first).entrance().frames();
      long endFrame = last == placed.size() - 1 ? total : placed.get(last).endFrame();
      if (endFrame <= startFrame) {
        // A last clip no longer than its entrance is drawn whole by the previous segment.
        continue;
      }
      List<PlannedClip> clips = new ArrayList<>(placed.subList(first, last + 1));
      long bytes = 0;
      for (int i = first; i <= last; i++) {
        bytes = Math.max(bytes, spanBytes(resolved.get(i)));
      }
      if (last + 1 < placed.size() && placed.get(last + 1).entrance().frames() > 0) {
        clips.add(placed.get(last + 1));
        bytes = Math.max(bytes, spanBytes(resolved.get(last + 1)));
      }
      long from = startFrame;
      List<Caption> captions = timeline.captions().stream()
          .filter(text -> text.firstFrame() < endFrame && text.endFrame() > from).toList();
      plans.add(new SegmentPlan(index, startFrame, endFrame, clips, captions, format, encoder,
          files.video(index), files.audio(index), bytes));
    }
    return plans;
  }

  /** Names segment files. */
  public interface SegmentFiles {
    /** Video file of segment {@code index}. */
    String video(int index);

    /** PCM file of segment {@code index}. */
    String audio(int index);
  }

  /**
   * Size (before rotation) a source is scaled to so that, rotated, it fits {@code width} x
   * {@code height} with its aspect kept; even, at least 2.
   */
  static int[] fit(SourceFacts source, int width, int height) {
    boolean turned = source.rotation() % 180 != 0;
    double displayW = turned ? source.height() : source.width();
    double displayH = turned ? source.width() : source.height();
    double scale = Math.min(width / displayW, height / displayH);
    int fitW = even(Math.min(width, (int) Math.round(displayW * scale)));
    int fitH = even(Math.min(height, (int) Math.round(displayH * scale)));
    return turned ? new int[] {fitH, fitW} : new int[] {fitW, fitH};
  }

  /**
   * The size a moving picture (a still's or a video's) is decoded at, before rotation: its fitted
   * size, times the deepest zoom of its motion so that the zoomed part still has a source pixel per
   * output pixel, at most the source's own size.
   */
  static int[] zoomedSize(SourceFacts image, OutputFormat format, Motion motion) {
    int[] fit = fit(image, format.width(), format.height());
    double[] shares = motion.smallestShares();
    double zoom = Math.max(1 / shares[0], 1 / shares[1]);
    if (zoom <= 1) {
      return fit;
    }
    int width = even((int) Math.min(Math.max(image.width(), fit[0]), Math.ceil(fit[0] * zoom)));
    int height = even((int) Math.min(Math.max(image.height(), fit[1]), Math.ceil(fit[1] * zoom)));
    return new int[] {width, height};
  }

  private static int even(int value) {
    return Math.max(2, value & ~1);
  }
}
