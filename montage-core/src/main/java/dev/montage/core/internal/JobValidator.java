package dev.montage.core.internal;

import dev.montage.core.Clip;
import dev.montage.core.MusicBed;
import dev.montage.core.OutputSpec;
import dev.montage.core.PanZoom;
import dev.montage.core.RenderSettings;
import dev.montage.core.TextOverlay;
import dev.montage.core.TextStyle;
import dev.montage.core.Transition;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Finds every problem of a job that can be known without opening media. */
public final class JobValidator {

  /** Largest frame side H.264 level 6.2 and common decoders accept. */
  public static final int MAX_SIDE = 8192;
  /** Highest frame rate accepted; anything above is a typo (e.g. 3000 for 30.00). */
  public static final double MAX_FRAME_RATE = 240;
  /** Most workers accepted; more only costs memory. */
  public static final int MAX_WORKERS = 64;
  private static final Set<String> PRESETS = Set.of(
      "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow",
      "placebo");

  /** File extensions of the still images accepted. */
  private static final Set<String> STILL_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp");

  /** A URL scheme of two characters or more (one is a Windows drive), or FFmpeg's {@code subfile,}. */
  private static final Pattern PROTOCOL = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]+:|subfile,");

  private JobValidator() {}

  /**
   * A job as the builder holds it before validation.
   *
   * @param clips the clips in order
   * @param output the output path, if set
   * @param width output width
   * @param height output height
   * @param frameRate output frames per second
   * @param music the music bed, if any
   * @param transition the transition at every boundary not set otherwise
   * @param transitionsAfter transitions set for single boundaries, by the clip they follow
   * @param settings how to render
   * @param qualitySet whether a quality (CRF) was set explicitly
   */
  public record Draft(List<Clip> clips, @Nullable Path output, int width, int height, double frameRate,
      @Nullable MusicBed music, Transition transition, Map<Integer, Transition> transitionsAfter,
      RenderSettings settings, boolean qualitySet) {}

  /** Every problem of the described job, each a sentence naming the setting, the value and the rule. */
  public static List<String> problems(Draft job) {
    List<Clip> clips = job.clips();
    double frameRate = job.frameRate();
    List<String> problems = new ArrayList<>();
    if (clips.isEmpty()) {
      problems.add("the job has no clips; add at least one with clip(...)");
    }
    checkOutput(job.output(), clips, job.settings(), problems);
    checkSize("width", job.width(), problems);
    checkSize("height", job.height(), problems);
    if (!(frameRate > 0)) {
      problems.add("frame rate must be > 0 but was " + frameRate);
    } else if (frameRate > MAX_FRAME_RATE) {
      problems.add("frame rate must be <= " + MAX_FRAME_RATE + " but was " + frameRate);
    }
    checkTransitions(job, problems);
    MusicBed music = job.music();
    if (music != null) {
      checkMusic(music, job.output(), problems);
    }
    checkSettings(job.settings(), job.qualitySet(), problems);
    return problems;
  }

  /** The transitions, global and per boundary, and every clip against the two around it. */
  private static void checkTransitions(Draft job, List<String> problems) {
    List<Clip> clips = job.clips();
    Transition transition = job.transition();
    Map<Integer, Transition> transitionsAfter = job.transitionsAfter();
    checkTransition("", transition, job.frameRate(), problems);
    for (Map.Entry<Integer, Transition> entry : transitionsAfter.entrySet()) {
      int after = entry.getKey();
      if (after < 0 || after >= clips.size() - 1) {
        problems.add("transitionAfter(" + after + ", " + entry.getValue() + "): " + (clips.size() < 2
            ? "the job has " + clips.size() + " clip" + (clips.size() == 1 ? "" : "s") + " and so no boundary"
            : "the boundaries of " + clips.size() + " clips follow clips 0 to " + (clips.size() - 2)));
      } else {
        checkTransition("transition after clip " + after + ": ", entry.getValue(), job.frameRate(), problems);
      }
    }
    for (int i = 0; i < clips.size(); i++) {
      @Nullable Transition before = i == 0 ? null : transitionsAfter.getOrDefault(i - 1, transition);
      @Nullable Transition after = i == clips.size() - 1 ? null : transitionsAfter.getOrDefault(i, transition);
      checkClip(i, clips.get(i), job.frameRate(), problems);
      checkLength(i, clips.get(i), before, after, problems);
    }
  }

  /** Temp dir, workers, timeout, encoder and loudness settings. */
  private static void checkSettings(RenderSettings settings, boolean qualitySet, List<String> problems) {
    Path tempDir = settings.tempDir();
    if (Files.exists(tempDir) && !Files.isDirectory(tempDir)) {
      problems.add("temp dir " + tempDir + " exists but is not a directory");
    }
    int workers = settings.workers();
    if (workers < 0 || workers > MAX_WORKERS) {
      problems.add("workers must be 0 (automatic) to " + MAX_WORKERS + " but was " + workers);
    }
    settings.timeout().filter(limit -> limit.isNegative() || limit.isZero()).ifPresent(limit ->
        problems.add("timeout must be > 0 but was " + seconds(limit) + "; leave it unset for no limit"));
    checkEncoder(settings, qualitySet, problems);
    settings.loudness().ifPresent(target -> {
      if (!(target.integratedLufs() >= -70 && target.integratedLufs() <= -5)) {
        problems.add("loudness target must be -70 to -5 LUFS but was " + target.integratedLufs());
      }
      if (!(target.truePeakDbtp() >= -20 && target.truePeakDbtp() <= 0)) {
        problems.add("true-peak ceiling must be -20 to 0 dBTP but was " + target.truePeakDbtp());
      }
    });
  }

  private static void checkEncoder(RenderSettings settings, boolean qualitySet, List<String> problems) {
    settings.preset().filter(preset -> !PRESETS.contains(preset)).ifPresent(preset ->
        problems.add("preset must be one of " + PRESETS + " but was '" + preset + "'"));
    settings.crf().ifPresent(crf -> {
      if (crf < 0 || crf > 51) {
        problems.add("crf must be 0 to 51 but was " + crf);
      }
    });
    settings.videoBitrate().ifPresent(bitrate -> {
      if (bitrate < RenderSettings.MIN_VIDEO_BITRATE || bitrate > RenderSettings.MAX_VIDEO_BITRATE) {
        problems.add("video bitrate must be " + RenderSettings.MIN_VIDEO_BITRATE + " to "
            + RenderSettings.MAX_VIDEO_BITRATE + " bits/s but was " + bitrate);
      }
    });
    List<String> rateControls = new ArrayList<>();
    if (qualitySet) {
      rateControls.add("quality " + settings.quality());
    }
    settings.crf().ifPresent(crf -> rateControls.add("crf " + crf));
    settings.videoBitrate().ifPresent(bitrate -> rateControls.add("video bitrate " + bitrate));
    if (rateControls.size() > 1) {
      problems.add("quality, crf and video bitrate each choose the encoder's rate control; set at most one"
          + " but " + String.join(" and ", rateControls) + " were set");
    }
  }

  private static void checkOutput(@Nullable Path output, List<Clip> clips, RenderSettings settings,
      List<String> problems) {
    if (output == null) {
      problems.add("no output path; set one with output(Path)");
      return;
    }
    OutputSpec probe = new OutputSpec(output, 2, 2, 1, null, Transition.cut());
    if (!OutputSpec.CONTAINERS.contains(probe.container())) {
      problems.add("output " + output + " must end in one of " + OutputSpec.CONTAINERS
          + " (the container is taken from the extension)");
    }
    settings.videoCodec().filter(codec -> !codec.fits(probe.container())).ifPresent(codec -> problems.add(
        "output " + output + ": a ." + probe.container() + " file cannot hold " + codec.displayName()
            + "; use VP9 or AV1 for WebM, or an .mp4, .mov or .mkv output"));
    Path normalOutput = output.toAbsolutePath().normalize();
    for (int i = 0; i < clips.size(); i++) {
      if (clips.get(i).source().toAbsolutePath().normalize().equals(normalOutput)) {
        problems.add("clip " + i + ": source " + clips.get(i).source()
            + " is also the output path; rendering would overwrite it");
      }
    }
  }

  private static void checkSize(String name, int value, List<String> problems) {
    if (value <= 0) {
      problems.add(name + " must be > 0 but was " + value);
    } else if (value % 2 != 0) {
      problems.add(name + " must be even (H.264 with 4:2:0 chroma) but was " + value);
    } else if (value > MAX_SIDE) {
      problems.add(name + " must be <= " + MAX_SIDE + " but was " + value);
    }
  }

  private static void checkClip(
      int index, Clip clip, double frameRate, List<String> problems) {
    String where = "clip " + index + " (" + clip.source() + ")";
    Clip.Title title = clip.title();
    if (title != null) {
      checkText("clip " + index + " (title)", title.text(), title.style(), problems);
      if (clip.out() == null || !clip.in().isZero() || clip.speed() != 1) {
        problems.add("clip " + index + " (title): a title card is shown from 0 for its duration at its own speed;"
            + " make it with Clip.title(text, duration, style)");
      }
    } else {
      checkLocalFile(where, clip.source(), problems);
    }
    if (!(clip.gainDb() >= Clip.MIN_GAIN_DB && clip.gainDb() <= Clip.MAX_GAIN_DB)) {
      problems.add(where + ": gain must be " + Clip.MIN_GAIN_DB + " to " + Clip.MAX_GAIN_DB + " dB but was "
          + clip.gainDb() + " dB; mute() leaves a clip's sound out");
    }
    checkStill(where, clip, problems);
    if (!(clip.speed() >= Clip.MIN_SPEED && clip.speed() <= Clip.MAX_SPEED)) {
      problems.add(where + ": speed must be " + Clip.MIN_SPEED + " to " + Clip.MAX_SPEED + " but was " + clip.speed()
          + "; 1 plays it as recorded");
    }
    if (clip.in().isNegative()) {
      problems.add(where + ": in point must not be negative but was " + seconds(clip.in()));
    }
    Duration out = clip.out();
    if (out == null) {
      return;
    }
    if (out.isNegative()) {
      problems.add(where + ": out point must not be negative but was " + seconds(out));
    } else if (out.compareTo(clip.in()) <= 0) {
      problems.add(where + ": out point " + seconds(out) + " must be after in point " + seconds(clip.in()));
    } else if (frameRate > 0 && frameRate <= MAX_FRAME_RATE && !clip.in().isNegative()
        && lasts(clip).compareTo(Duration.ofNanos((long) Math.ceil(1e9 / frameRate))) < 0) {
      // A clip shorter than one output frame would get no frame at all: it would vanish silently.
      // (The timeline gives every clip at least one frame: TimelineFrames.plan.)
      problems.add(where + ": lasts " + seconds(lasts(clip)) + ", shorter than one frame at "
          + frameRate + " fps; make it at least " + seconds(Duration.ofMillis((long) Math.ceil(1000 / frameRate))));
    }
  }

  /** Every text over the montage: some text, a span that starts at or after 0 and ends after it, a style in range. */
  public static void checkTexts(List<TextOverlay> overlays, List<String> problems) {
    for (int i = 0; i < overlays.size(); i++) {
      TextOverlay overlay = overlays.get(i);
      String where = "text " + i + " ('" + overlay.text() + "')";
      checkText(where, overlay.text(), overlay.style(), problems);
      if (overlay.from().isNegative()) {
        problems.add(where + ": must not start before 0 but starts at " + seconds(overlay.from()));
      } else if (overlay.to().compareTo(overlay.from()) <= 0) {
        problems.add(where + ": must end after it starts (" + seconds(overlay.from()) + ") but ends at "
            + seconds(overlay.to()));
      }
    }
  }

  /** Text with something to show, in a style whose size is in range. */
  private static void checkText(String where, String text, TextStyle style, List<String> problems) {
    if (text.isBlank()) {
      problems.add(where + ": the text is empty");
    }
    if (!(style.size() >= TextStyle.MIN_SIZE && style.size() <= TextStyle.MAX_SIZE)) {
      problems.add(where + ": text size must be " + TextStyle.MIN_SIZE + " to " + TextStyle.MAX_SIZE
          + " of the frame's height but was " + style.size());
    }
  }

  /**
   * Stills: a readable image file (its decoding is the render's to check), a duration, no speed.
   * Stills and video clips pan and zoom (title cards do not), over regions inside the picture.
   */
  private static void checkStill(String where, Clip clip, List<String> problems) {
    PanZoom motion = clip.panZoom();
    if (motion != null) {
      checkPanZoom(where, clip, motion, problems);
    }
    if (!clip.still()) {
      return;
    }
    String name = String.valueOf(clip.source().getFileName()).toLowerCase(java.util.Locale.ROOT);
    if (!STILL_EXTENSIONS.contains(name.substring(name.lastIndexOf('.') + 1))) {
      problems.add(where + ": a still must be a PNG, JPEG or WebP file (" + STILL_EXTENSIONS + ")");
    } else if (!Files.isRegularFile(clip.source())) {
      problems.add(where + ": the image does not exist or is not a file");
    } else if (!Files.isReadable(clip.source())) {
      problems.add(where + ": the image cannot be read (check its permissions)");
    }
    if (clip.out() == null || !clip.in().isZero()) {
      problems.add(where + ": a still is shown from 0 for its duration; make it with Clip.image(path, duration)");
    }
    if (clip.speed() != 1) {
      problems.add(where + ": a still has no speed; give it the duration it should last");
    }
  }

  private static void checkPanZoom(String where, Clip clip, PanZoom motion, List<String> problems) {
    if (clip.title() != null) {
      problems.add(where + ": a title card does not pan or zoom; pan and zoom over an image or a video clip");
      return;
    }
    for (PanZoom.Region region : List.of(motion.from(), motion.to())) {
      if (!region.valid()) {
        problems.add(where + ": pan and zoom region " + region + " must lie inside the picture (x, y >= 0,"
            + " width, height > 0, x + width <= 1, y + height <= 1)");
      }
    }
  }

  /** A transition's length must be whole frames: not negative, and not so short that it rounds to none. */
  private static void checkTransition(String where, Transition transition, double frameRate, List<String> problems) {
    Duration length = transition.duration();
    if (length.isNegative()) {
      problems.add(where + kind(transition) + " must not be negative but was " + seconds(length));
    } else if (!length.isZero() && frameRate > 0 && frameRate <= MAX_FRAME_RATE
        && TimelineFrames.transitionFrames(TimelineFrames.micros(length), frameRate) == 0) {
      problems.add(where + kind(transition) + " " + seconds(length) + " rounds to 0 frames at " + frameRate
          + " fps and would be a hard cut; use Transition.cut() (or Duration.ZERO) for hard cuts or at least "
          + seconds(Duration.ofNanos(TimelineFrames.shortestCrossfadeMicros(frameRate) * 1000)));
    }
  }

  /**
   * A clip of known length must last as long as the transitions at its two ends together: a
   * transition overlaps it for its whole length, and the two may not overlap each other.
   */
  private static void checkLength(
      int index, Clip clip, @Nullable Transition before, @Nullable Transition after, List<String> problems) {
    Duration out = clip.out();
    if (out == null || clip.in().isNegative() || out.compareTo(clip.in()) <= 0) {
      return;
    }
    List<Transition> ends = new ArrayList<>(2);
    for (Transition end : java.util.Arrays.asList(before, after)) {
      if (end != null && !end.duration().isNegative() && !end.duration().isZero()) {
        ends.add(end);
      }
    }
    // 0 <= in < out, so the length cannot overflow; two transitions can, so add exactly.
    BigDecimal needed = BigDecimal.ZERO;
    for (Transition end : ends) {
      needed = needed.add(exactSeconds(end.duration()));
    }
    Duration length = lasts(clip);
    if (ends.isEmpty() || exactSeconds(length).compareTo(needed) >= 0) {
      return;
    }
    String asked = ends.size() == 2 && ends.get(0).equals(ends.get(1))
        ? ends.get(0) + " needs the clip to last at least " + format(needed) + " ("
            + (ends.get(0) instanceof Transition.Crossfade ? "crossfades" : "transitions") + " at both ends)"
        : ends.size() == 2
            ? ends.get(0) + " before it and " + ends.get(1) + " after it need the clip to last at least "
                + format(needed)
            : ends.get(0) + " needs the clip to last at least " + format(needed);
    problems.add("clip " + index + " (" + clip.source() + "): " + asked + " but it lasts " + seconds(length));
  }

  /** How long a clip with an out point after its in point lasts in the montage (its speed applied). */
  private static Duration lasts(Clip clip) {
    return clip.length().orElseThrow();
  }

  /** What a transition is, without its length: {@code crossfade}, {@code wipe left}. */
  private static String kind(Transition transition) {
    String text = transition.toString();
    int lastSpace = text.lastIndexOf(' ');
    return transition.duration().isZero() || lastSpace < 0 ? text : text.substring(0, lastSpace);
  }

  /**
   * Rejects a source written as an FFmpeg protocol URL ({@code concat:a|b}, {@code http://...},
   * {@code subfile,,start,...}): sources are local files, opened in the media sandbox (see
   * {@link dev.montage.core.SourceAccess}), so such a name could only fail later, less clearly.
   */
  private static void checkLocalFile(String where, Path source, List<String> problems) {
    Matcher protocol = PROTOCOL.matcher(source.toString());
    if (protocol.lookingAt() && !Files.exists(source)) { // "take2:final.mov" that exists is a file
      problems.add(where + ": '" + protocol.group() + "' is an FFmpeg protocol, not a file; Montage reads local"
          + " files only (for several files add one clip each; download remote media first)");
    }
  }

  private static void checkMusic(MusicBed music, @Nullable Path output, List<String> problems) {
    checkLocalFile("music (" + music.source() + ")", music.source(), problems);
    if (!(music.volume() > 0) || music.volume() > 4) {
      problems.add("music volume must be > 0 and <= 4 (+12.04 dB) but was " + music.volume()
          + (music.volume() > 0 && Double.isFinite(music.volume())
              ? String.format(java.util.Locale.ROOT, " (%+.2f dB)", music.gainDb()) : ""));
    }
    if (music.fadeIn().isNegative()) {
      problems.add("music fade-in must not be negative but was " + seconds(music.fadeIn()));
    }
    if (music.fadeOut().isNegative()) {
      problems.add("music fade-out must not be negative but was " + seconds(music.fadeOut()));
    }
    if (!(music.duckingDb() >= MusicBed.MIN_DUCKING_DB && music.duckingDb() <= 0)) {
      problems.add("music ducking must be " + MusicBed.MIN_DUCKING_DB + " to 0 dB but was " + music.duckingDb()
          + " dB");
    }
    if (output != null
        && music.source().toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
      problems.add("music " + music.source() + " is also the output path; rendering would overwrite it");
    }
  }

  /**
   * "1.5s" style text for messages: exact (down to nanoseconds, trailing zeros dropped, at least one
   * decimal), and safe for durations too long to count in nanoseconds.
   */
  public static String seconds(Duration duration) {
    return format(exactSeconds(duration));
  }

  private static BigDecimal exactSeconds(Duration duration) {
    return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
  }

  private static String format(BigDecimal seconds) {
    String text = seconds.stripTrailingZeros().toPlainString();
    return (text.contains(".") ? text : text + ".0") + "s";
  }
}
