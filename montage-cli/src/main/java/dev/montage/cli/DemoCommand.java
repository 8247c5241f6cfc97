package dev.montage.cli;

import dev.montage.core.CancellationToken;
import dev.montage.core.Clip;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MusicBed;
import dev.montage.core.OutputException;
import dev.montage.core.PanZoom;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.TextStyle;
import dev.montage.core.Transition;
import dev.montage.core.internal.OwnedTempDir;
import dev.montage.testkit.SyntheticImage;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticMediaException;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code montage demo}: shows what Montage does without any media of your own. Generates four
 * synthetic sources of 6 s (1280x720 at 30 fps, one of them 4:3 at 960x720 so that pillarboxing
 * shows; each with its own tone and a frame counter barcode), a photo and a music track in a
 * temporary directory, renders a montage of a title card, eight clips of 1.5 s and the photo
 * zooming in, with 0.5 s transitions of five kinds (crossfades, dips to black and white, a wipe, a
 * slide), a lower third, and the music ducked under the clips' sound (1280x720 at 30 fps unless
 * told otherwise), prints the result and deletes the sources again, also when the render fails or is
 * cancelled with Ctrl-C (and if the process is killed outright, the next demo deletes them).
 */
@Command(
    name = "demo",
    description = "Render a montage of generated sources, to try Montage without media of your own.",
    mixinStandardHelpOptions = true,
    versionProvider = MontageCommand.ManifestVersion.class)
public final class DemoCommand implements Callable<Integer> {

  /** Length of every generated source. */
  static final Duration SOURCE_LENGTH = Duration.ofSeconds(6);
  /** Length of every transition of the demo. */
  static final Duration TRANSITION = Duration.ofMillis(500);
  /** A crossfade at every boundary but four, which show the other kinds (clip 0 is the title card). */
  private static final Map<Integer, Transition> OTHER_TRANSITIONS = Map.of(
      0, Transition.dipToBlack(TRANSITION),
      2, Transition.wipe(Transition.Direction.LEFT, TRANSITION),
      4, Transition.slide(Transition.Direction.UP, TRANSITION),
      7, Transition.dipToWhite(TRANSITION));
  /** Where the photo goes among the clips, and for how long. */
  private static final int PHOTO_AFTER = 4;
  private static final Duration PHOTO_LENGTH = Duration.ofSeconds(2);
  /** The music: a low tone as long as the montage, ducked under the clips' own sound. */
  private static final SyntheticSpec MUSIC = SyntheticSpec.of(16, 16, 10, Duration.ofSeconds(14)).withToneHz(220);

  /** The generated sources: three 16:9, one 4:3, each with a tone of its own. */
  private static final List<SyntheticSpec> SOURCES = List.of(
      SyntheticSpec.of(1280, 720, 30, SOURCE_LENGTH).withToneHz(330),
      SyntheticSpec.of(1280, 720, 30, SOURCE_LENGTH).withToneHz(440),
      SyntheticSpec.of(960, 720, 30, SOURCE_LENGTH).withToneHz(550),
      SyntheticSpec.of(1280, 720, 30, SOURCE_LENGTH).withToneHz(660));

  /** The clips: source index, in and out point in milliseconds. */
  private static final int[][] CLIPS = {
      {0, 0, 1500}, {1, 1000, 2500}, {2, 500, 2000}, {3, 2000, 3500},
      {0, 3000, 4500}, {1, 4000, 5500}, {2, 3500, 5000}, {3, 4000, 5500}};

  @Spec
  private CommandSpec spec; // injected by picocli

  @Mixin
  private VerboseOption verbosity = new VerboseOption();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "montage-demo.mp4",
      description = "The video to write. Default: ${DEFAULT-VALUE} in the current directory.")
  private Path output = Path.of("montage-demo.mp4");

  @Option(names = "--size", paramLabel = "WxH", converter = FrameSize.Converter.class,
      defaultValue = "1280x720", description = "Output frame size. Default: ${DEFAULT-VALUE}.")
  private FrameSize size = new FrameSize(1280, 720);

  @Option(names = "--fps", paramLabel = "N", defaultValue = "30",
      description = "Output frames per second. Default: ${DEFAULT-VALUE}.")
  private double fps = 30;

  /** Created by picocli. */
  public DemoCommand() {}

  /**
   * Generates the sources, renders the montage, prints the result and deletes the sources.
   *
   * @return {@code 0}, or the exit code of the failure (see {@link MontageCommand})
   */
  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Everything runs guarded, so that Ctrl-C also waits for the sources to be deleted.
    return RenderSession.run(err, verbosity.isSet(), token -> {
      try (OwnedTempDir owned = createTempDirectory()) {
        Path sources = owned.dir();
        List<Path> files = SOURCES.stream().map(source -> sources.resolve(fileName(source))).toList();
        Path photo = sources.resolve("photo.png");
        Path music = sources.resolve("music.mp4");
        MontageBuilder builder = MontageBuilder.create()
            .output(output)
            .size(size.width(), size.height())
            .frameRate(fps)
            .transition(Transition.crossfade(TRANSITION))
            .music(MusicBed.of(music).withDucking())
            .title("Montage", Duration.ofSeconds(2), TextStyle.title())
            .text("frame-exact · leak-free · any length", Duration.ofSeconds(3), Duration.ofSeconds(6),
                TextStyle.lowerThird());
        for (int i = 0; i < CLIPS.length; i++) {
          int[] clip = CLIPS[i];
          builder.clip(files.get(clip[0]), Duration.ofMillis(clip[1]), Duration.ofMillis(clip[2]));
          if (i + 1 == PHOTO_AFTER) {
            builder.clip(Clip.image(photo, PHOTO_LENGTH).withPanZoom(PanZoom.zoomInto(PanZoom.Region.centred(0.5))));
          }
        }
        OTHER_TRANSITIONS.forEach(builder::transitionAfter);
        writeExtras(sources, photo, music); // a fraction of a second, and build() checks the photo is there
        builder.build(); // reports a bad --size or --fps before seconds are spent on the sources
        writeSources(sources, files, token, out);
        out.println("demo: rendering a title, " + CLIPS.length + " clips and a photo with " + TRANSITION.toMillis()
            + " ms transitions (crossfades, dips, a wipe, a slide), a lower third and ducked music to " + output + " (" + size + " at " + new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(fps) + " fps)");
        out.flush();
        RenderSession.render(builder, token, out, System.console() != null);
        out.println("demo: each source has its own tone and shows its frame number as a barcode;");
        out.println("      the 4:3 source (550 Hz, 3rd and 7th clip) is pillarboxed to fit 16:9;");
        out.println("      the 220 Hz music drops under the clips' sound and comes back under the title and photo");
        out.flush();
      }
    });
  }

  /** The photo (colour bands with a bright disc in the middle, which the zoom closes in on) and the music. */
  private static void writeExtras(Path dir, Path photo, Path music) {
    try {
      SyntheticImage.write(photo, 1600, 1200, (x, y) -> {
        double dx = x - 800;
        double dy = y - 600;
        return dx * dx + dy * dy < 200 * 200 ? 235 : 40 + (x / 100 + y / 100) % 4 * 40;
      }, 1);
      SyntheticMedia.write(music, MUSIC);
    } catch (SyntheticMediaException | java.io.UncheckedIOException e) {
      throw OutputException.cannotWrite(dir, e, "check free space in " + dir);
    }
  }

  private static String fileName(SyntheticSpec source) {
    return "source-" + source.width() + "x" + source.height() + "-" + source.toneHz() + "hz.mp4";
  }

  /** The sources' directory: deleted on close, or by the next demo if this process is killed. */
  private static OwnedTempDir createTempDirectory() {
    try {
      return OwnedTempDir.create(Path.of(System.getProperty("java.io.tmpdir")), "montage-demo-");
    } catch (IOException e) {
      throw OutputException.cannotWrite(Path.of(System.getProperty("java.io.tmpdir")), e,
          "the demo keeps its generated sources there; check that it exists and is writable");
    }
  }

  private static void writeSources(Path dir, List<Path> files, CancellationToken token, PrintWriter out) {
    out.println("demo: writing " + files.size() + " synthetic sources of "
        + SOURCE_LENGTH.toSeconds() + " s to " + dir);
    out.flush();
    for (int i = 0; i < files.size(); i++) {
      if (token.isCancelled()) {
        throw RenderCancelledException.byToken();
      }
      try {
        SyntheticMedia.write(files.get(i), SOURCES.get(i));
      } catch (SyntheticMediaException e) {
        throw OutputException.cannotWrite(files.get(i), e, "check free space in " + dir.getParent());
      }
    }
  }
}
