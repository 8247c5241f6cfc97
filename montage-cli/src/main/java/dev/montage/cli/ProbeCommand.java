package dev.montage.cli;

import dev.montage.core.MontageException;
import dev.montage.ffmpeg.FfmpegProbe;
import dev.montage.core.MediaInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code montage probe}: prints what the renderer sees in each file (size, frame size and rate,
 * duration, rotation, video codec and pixel format, audio codec, channels and rate), one block per
 * file. A file that cannot be used gets an error line and the others are still probed; the exit
 * code is then that of the first failure (3 for a missing or undecodable file).
 */
@Command(
    name = "probe",
    description = "Print what the renderer sees in media FILEs.",
    mixinStandardHelpOptions = true,
    versionProvider = MontageCommand.ManifestVersion.class)
public final class ProbeCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec; // injected by picocli

  @Mixin
  private VerboseOption verbosity = new VerboseOption();

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The media files to probe.")
  private List<Path> files = new ArrayList<>();

  /** Created by picocli. */
  public ProbeCommand() {}

  /**
   * Probes every file.
   *
   * @return {@code 0} when every file was probed, else the exit code of the first failure
   */
  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int exitCode = ExitCodes.OK;
    boolean first = true;
    for (Path file : files) {
      try {
        MediaInfo info = FfmpegProbe.probe(file);
        if (!first) {
          out.println();
        }
        first = false;
        describe(info).forEach(out::println);
        out.flush();
      } catch (MontageException e) {
        ErrorReport.print(err, e, verbosity.isSet());
        exitCode = exitCode == ExitCodes.OK ? ExitCodes.of(e) : exitCode;
      }
    }
    return exitCode;
  }

  static List<String> describe(MediaInfo info) {
    DecimalFormat decimal = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
    String rotation = info.rotation() == 0
        ? "none"
        : info.rotation() + " degrees clockwise (displayed " + info.displayWidth() + "x"
            + info.displayHeight() + ")";
    String audio = info.hasAudio()
        ? info.audio().orElse("unknown codec") + ", " + info.audioChannels()
            + (info.audioChannels() == 1 ? " channel, " : " channels, ") + info.audioSampleRate() + " Hz"
        : "no audio";
    return List.of(
        info.path().toString(),
        "  file size:   " + bytes(info.sizeBytes()),
        "  frame size:  " + info.width() + "x" + info.height(),
        "  frame rate:  " + decimal.format(info.frameRate()) + " fps",
        "  duration:    " + RenderSession.seconds(info.duration()),
        "  rotation:    " + rotation,
        "  video:       " + info.videoCodec() + ", " + info.pixelFormat(),
        "  audio:       " + audio);
  }

  private static String bytes(long size) {
    if (size < 1000) {
      return size + " bytes";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = size;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s (%d bytes)", value, units[unit], size);
  }
}
