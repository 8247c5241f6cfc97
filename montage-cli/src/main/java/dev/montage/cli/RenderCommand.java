package dev.montage.cli;

import dev.montage.core.Clip;
import dev.montage.core.DamageResponse;
import dev.montage.core.HardwareEncoding;
import dev.montage.core.Isolation;
import dev.montage.core.LoudnessTarget;
import dev.montage.core.MontageBuilder;
import dev.montage.core.Quality;
import dev.montage.core.SourceAccess;
import dev.montage.core.TextStyle;
import dev.montage.core.VideoCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code montage render}: cuts the given clips together into one video.
 *
 * <p>Progress goes to standard output: a bar redrawn in place on a terminal, a line per tenth of
 * the frames otherwise; the result (output, duration, frames, wall time, speed, segments, encoder)
 * follows. Ctrl-C cancels the render, which deletes its temporary files and leaves nothing at the
 * output path before the command exits with 130; see {@link MontageCommand} for all exit codes.
 */
@Command(
    name = "render",
    description = "Render a montage of CLIPs into one video.",
    mixinStandardHelpOptions = true,
    versionProvider = MontageCommand.ManifestVersion.class,
    footer = {
        "",
        "CLIP is path (the whole source), path@START-END or path@START+LENGTH;",
        "times are seconds (2.5) or [hh:]mm:ss[.fraction] (01:02.5, 1:02:03.250).",
        "Errors name clips by 0-based index: clip 0 is the first CLIP.",
        "",
        "Example:",
        "  montage render -o out.mp4 --size 1280x720 --crossfade 0.5 a.mp4@2-5 b.mp4@1:00+4",
        "  montage render -o out.mp4 --transition 0=wipe-left:0.5 --transition 1=dip-black:1 a.mp4 b.mp4 c.mp4"})
public final class RenderCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec; // injected by picocli

  @Mixin
  private VerboseOption verbosity = new VerboseOption();

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
      description = "The video to write: .mp4, .m4v, .mov, .mkv or .webm (VP9 + Opus). Replaced if it exists.")
  @SuppressWarnings("NullAway.Init") // required = true: picocli sets it before call(), or refuses the command line
  private Path output;

  @Option(names = "--size", paramLabel = "WxH", converter = FrameSize.Converter.class,
      defaultValue = MontageBuilder.DEFAULT_WIDTH + "x" + MontageBuilder.DEFAULT_HEIGHT,
      description = "Output frame size, both even; other sources are letterboxed. Default: ${DEFAULT-VALUE}.")
  private FrameSize size = new FrameSize(MontageBuilder.DEFAULT_WIDTH, MontageBuilder.DEFAULT_HEIGHT);

  @Option(names = "--fps", paramLabel = "N", defaultValue = "" + MontageBuilder.DEFAULT_FRAME_RATE,
      description = "Output frames per second, such as 25, 30 or 29.97. Default: ${DEFAULT-VALUE}.")
  private double fps = MontageBuilder.DEFAULT_FRAME_RATE;

  @Option(names = "--music", paramLabel = "FILE",
      description = "Music mixed under the clips' sound.")
  private @Nullable Path music;

  @Option(names = "--crossfade", paramLabel = "SEC", converter = TimeSpec.Converter.class,
      defaultValue = "0", description = "Crossfade at every cut, in seconds; 0 for hard cuts. Default: ${DEFAULT-VALUE}.")
  private Duration crossfade = Duration.ZERO;

  @Option(names = "--transition", paramLabel = "SPEC", converter = TransitionSpec.Converter.class,
      description = {"Transition at every boundary (wipe-left:0.5), or after clip N only (2=dip-black:1);"
          + " repeatable, the last for a boundary wins. SPEC: " + TransitionSpec.FORM + "."})
  private List<TransitionSpec> transitions = new ArrayList<>();

  @Option(names = "--temp-dir", paramLabel = "DIR",
      description = "Directory for temporary files. Default: the system temp directory.")
  private @Nullable Path tempDir;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
      description = "Segments rendered at once; 0 picks from CPUs and memory. Default: ${DEFAULT-VALUE}.")
  private int workers;

  @Option(names = "--video-codec", paramLabel = "CODEC", converter = VideoCodecConverter.class,
      description = "Output video codec: h264, hevc (GPL build), av1, vp9, or match (the codec the sources share,"
          + " so phone clips stay HEVC). Default: vp9 for a .webm output, else h264. h264 and hevc outputs copy"
          + " sources of their codec.")
  private @Nullable CodecChoice videoCodec;

  /** What {@code --video-codec} asked for: a codec, or {@code null} to match the sources'. */
  record CodecChoice(@Nullable VideoCodec codec) {}

  @Option(names = "--loudness", paramLabel = "TARGET", converter = LoudnessConverter.class,
      description = "Normalise the final mix: web (-14 LUFS), broadcast (-23 LUFS, EBU R128) or a number of"
          + " LUFS; the true peak stays under -1 dBTP. Default: the level is left as it is.")
  private @Nullable LoudnessTarget loudness;

  @Option(names = "--hardware-encoding", paramLabel = "MODE", converter = HardwareEncodingConverter.class,
      description = "off (software, the default), auto (a GPU's encoder where one opens: NVENC, Quick Sync or VAAPI;"
          + " else software with a warning) or required (a GPU's encoder, or the job fails saying why).")
  private @Nullable HardwareEncoding hardwareEncoding;

  @Option(names = "--no-copy", negatable = false,
      description = "Re-encode every frame, even where sources match the output and could be copied.")
  private boolean noCopy;

  @Option(names = "--no-smart-cut", negatable = false,
      description = "Copy only clips cut on keyframes; otherwise re-encode the whole job instead of"
          + " re-encoding just the frames from each cut to the nearest keyframe.")
  private boolean noSmartCut;

  @Option(names = "--timeout", paramLabel = "TIME", converter = TimeSpec.Converter.class,
      description = "Stop the job if it runs longer than this (seconds or m:ss); exit code 5. Default: no"
          + " limit (a stalled source is stopped anyway once no frame has come for the stall budget).")
  private @Nullable Duration timeout;

  @Option(names = "--isolate", negatable = false,
      description = "Read the clips' sources (and --music) only in worker processes, so a decoder crash on"
          + " hostile media cannot take the host down (a little slower: workers start; copies still copy).")
  private boolean isolate;

  @Option(names = "--fail-on-damage", negatable = false,
      description = "Fail (exit code 3) when part of a clip cannot be decoded and a frame would be held in its"
          + " place. Default: render with the held frame and print a warning naming the clip and span.")
  private boolean failOnDamage;

  @Option(names = "--trust-sources", negatable = false,
      description = "Let FFmpeg follow what sources reference (HLS playlists, concat lists, URLs). Off by"
          + " default: each source must be one local media file (a sandbox for untrusted uploads).")
  private boolean trustSources;

  @Option(names = "--quality", paramLabel = "LEVEL",
      description = "Video quality, mapped to each encoder (x264: CRF; OpenH264: a bitrate from size and"
          + " fps): ${COMPLETION-CANDIDATES}. Default: STANDARD.")
  private @Nullable Quality quality;

  @Option(names = "--video-bitrate", paramLabel = "RATE", converter = Bitrate.Converter.class,
      description = "Video bitrate in bits/s, such as 2500000, 2500k or 2.5M; honoured by every encoder.")
  private @Nullable Long videoBitrate;

  @Option(names = "--crf", paramLabel = "N",
      description = "x264 constant rate factor, 0 to 51 (lower is better); libopenh264 has none and warns.")
  private @Nullable Integer crf;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "x264 preset, such as ultrafast, veryfast (default) or medium; libopenh264 has none and warns.")
  private @Nullable String preset;

  @Option(names = "--dry-run", negatable = false,
      description = "Print what the render would do (per clip: copied, smart-cut or re-encoded, and why) and"
          + " write nothing.")
  private boolean dryRun;

  @Option(names = "--title", paramLabel = "TEXT",
      description = "Open with a 2-second title card: TEXT in white on black. It is clip 0, so the CLIPs count from 1"
          + " in messages and --transition (not in --speed).")
  private @Nullable String title;

  @Option(names = "--text", paramLabel = "START-END=TEXT", converter = TextSpec.Converter.class,
      description = "A lower third over the montage from START to END (3-6=Lisbon, July). Repeatable.")
  private List<TextSpec> texts = new ArrayList<>();

  @Option(names = "--speed", paramLabel = "N=FACTOR",
      description = "Play clip N at FACTOR times its speed, 0.25 to 4 (2=0.5: clip 2 in slow motion); pitch is kept."
          + " Repeatable.")
  private Map<Integer, Double> speeds = new TreeMap<>();

  @Parameters(arity = "1..*", paramLabel = "CLIP", converter = ClipSpec.Converter.class,
      description = "The clips, in order.")
  private List<Clip> clips = new ArrayList<>();

  /** Created by picocli. */
  public RenderCommand() {}

  /** Adds the encoder's settings (--quality, --video-bitrate, --crf, --preset) to {@code builder}. */
  private void encoding(MontageBuilder builder) {
    if (quality != null) {
      builder.quality(quality);
    }
    if (videoBitrate != null) {
      builder.videoBitrate(videoBitrate);
    }
    if (crf != null) {
      builder.crf(crf);
    }
    if (preset != null) {
      builder.preset(preset);
    }
  }

  /** Adds the texts (--text) and transitions (--transition) to {@code builder}. */
  private void compose(MontageBuilder builder) {
    for (TextSpec text : texts) {
      builder.text(text.text(), text.from(), text.to(), TextStyle.lowerThird());
    }
    for (TransitionSpec transition : transitions) {
      if (transition.after().isPresent()) {
        builder.transitionAfter(transition.after().getAsInt(), transition.transition());
      } else {
        builder.transition(transition.transition());
      }
    }
  }

  /** {@code clips} with the {@code --speed} of each clip named there; a clip number past the end is a usage error. */
  private List<Clip> withSpeeds(List<Clip> given, Map<Integer, Double> factors) {
    List<Clip> result = new ArrayList<>(given);
    factors.forEach((index, factor) -> {
      if (index < 0 || index >= result.size()) {
        throw new ParameterException(spec.commandLine(), "--speed " + index + "=" + factor + ": there are "
            + result.size() + " clips, numbered 0 to " + (result.size() - 1));
      }
      result.set(index, result.get(index).withSpeed(factor));
    });
    return result;
  }

  /** Picocli converter for {@code --hardware-encoding}. */
  static final class HardwareEncodingConverter implements picocli.CommandLine.ITypeConverter<HardwareEncoding> {
    @Override
    public HardwareEncoding convert(String value) {
      try {
        return HardwareEncoding.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "': use off, auto or required");
      }
    }
  }

  /** Picocli converter for {@code --loudness}. */
  static final class LoudnessConverter implements picocli.CommandLine.ITypeConverter<LoudnessTarget> {
    @Override
    public LoudnessTarget convert(String value) {
      switch (value.toLowerCase(java.util.Locale.ROOT)) {
        case "web":
          return LoudnessTarget.WEB;
        case "broadcast":
        case "ebu":
          return LoudnessTarget.BROADCAST;
        default:
          try {
            return LoudnessTarget.of(Double.parseDouble(value));
          } catch (NumberFormatException e) {
            throw new picocli.CommandLine.TypeConversionException("'" + value
                + "' is not a loudness: use web, broadcast or a number of LUFS such as -16");
          }
      }
    }
  }

  /** Picocli converter for {@code --video-codec}. */
  static final class VideoCodecConverter implements picocli.CommandLine.ITypeConverter<CodecChoice> {
    @Override
    public CodecChoice convert(String value) {
      if ("match".equalsIgnoreCase(value)) {
        return new CodecChoice(null);
      }
      try {
        return new CodecChoice(VideoCodec.parse(value));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage() + ", or match");
      }
    }
  }

  /**
   * Renders the montage and prints the result.
   *
   * @return {@code 0}, or the exit code of the failure (see {@link MontageCommand})
   */
  @Override
  public Integer call() {
    MontageBuilder builder = MontageBuilder.create();
    if (title != null) {
      builder.title(title, Duration.ofSeconds(2), TextStyle.title());
    }
    builder
        .clips(withSpeeds(clips, speeds))
        .output(output)
        .size(size.width(), size.height())
        .frameRate(fps)
        .crossfade(crossfade)
        .workers(workers)
        .streamCopy(!noCopy)
        .smartCut(!noSmartCut)
        .sourceAccess(trustSources ? SourceAccess.FFMPEG_DEFAULTS : SourceAccess.LOCAL_FILES);
    compose(builder);
    if (timeout != null) {
      builder.timeout(timeout);
    }
    if (loudness != null) {
      builder.loudness(loudness);
    }
    if (hardwareEncoding != null) {
      builder.hardwareEncoding(hardwareEncoding);
    }
    if (videoCodec != null) {
      VideoCodec chosen = videoCodec.codec();
      if (chosen == null) {
        builder.matchSourceCodec();
      } else {
        builder.videoCodec(chosen);
      }
    }
    if (isolate) {
      builder.isolation(Isolation.PROCESS);
    }
    if (failOnDamage) {
      builder.onDamagedSource(DamageResponse.FAIL);
    }
    if (music != null) {
      builder.music(music);
    }
    if (tempDir != null) {
      builder.tempDir(tempDir);
    }
    encoding(builder);
    if (dryRun) {
      return RenderSession.run(spec.commandLine().getErr(), verbosity.isSet(), token ->
          RenderSession.explain(builder, spec.commandLine().getOut()));
    }
    return RenderSession.run(spec.commandLine().getErr(), verbosity.isSet(), token ->
        RenderSession.render(builder, token, spec.commandLine().getOut(), System.console() != null));
  }
}
