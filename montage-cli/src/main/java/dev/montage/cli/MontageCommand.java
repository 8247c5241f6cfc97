package dev.montage.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code montage}: the command line of Montage, with the subcommands {@code render}
 * ({@link RenderCommand}), {@code probe} ({@link ProbeCommand}) and {@code demo}
 * ({@link DemoCommand}).
 *
 * <p>Exit codes: 0 success; 1 an unexpected failure (a bug; {@code --verbose} shows its stack
 * trace); 2 invalid usage or an invalid job; 3 a source cannot be used; 4 the output cannot be
 * written; 5 a render step timed out; 6 encoding failed or no renderer/encoder is available;
 * 130 cancelled (Ctrl-C). A failure is reported as one line on standard error, starting with
 * {@code montage: } (one line per problem of an invalid job), with the stack trace only under
 * {@code --verbose}.
 *
 * <p>Ctrl-C: a shutdown hook cancels the running render through its
 * {@link dev.montage.core.CancellationToken} and waits up to 10 s for it to stop; the renderer
 * deletes its temporary files and leaves nothing at the output path, and the process exits with
 * 130.
 *
 * <p>Embedding: {@code new CommandLine(new MontageCommand()).execute(args)} behaves exactly like
 * the command line (error reporting and exit codes included) and returns the exit code; only
 * {@link #main} calls {@link System#exit}.
 */
@Command(
    name = "montage",
    description = "Cut clips of videos together into one video.",
    mixinStandardHelpOptions = true,
    versionProvider = MontageCommand.ManifestVersion.class,
    modelTransformer = MontageCommand.ErrorHandling.class,
    subcommands = {RenderCommand.class, ProbeCommand.class, DemoCommand.class, HelpCommand.class})
public final class MontageCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec; // injected by picocli

  /** Created by picocli or by a host that embeds the command. */
  public MontageCommand() {}

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args the arguments, such as {@code render -o out.mp4 a.mp4 b.mp4@2-5}
   */
  public static void main(String... args) {
    System.exit(new CommandLine(new MontageCommand()).execute(args));
  }

  /**
   * Without a subcommand: prints the usage to standard error.
   *
   * @return {@code 2}, the exit code of invalid usage
   */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /**
   * Installs Montage's error reporting and exit codes on the {@link CommandLine} being built.
   * Picocli applies a model transformer when a command line is created from an annotated object,
   * with the command line already attached to the spec; doing the setup here, rather than in
   * {@link #main}, makes {@code new CommandLine(new MontageCommand())} complete on its own.
   */
  static final class ErrorHandling implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec commandSpec) {
      ErrorReport report = new ErrorReport();
      commandSpec.commandLine()
          .setExecutionExceptionHandler(report)
          .setParameterExceptionHandler(report)
          .setExitCodeExceptionMapper(new ExitCodes());
      return commandSpec;
    }
  }

  /**
   * The version from the jar manifest's {@code Implementation-Version}, or {@code dev}, and the
   * natives the jar carries ({@code Montage-Natives}: one platform, one FFmpeg build).
   */
  static final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"montage " + version(), "FFmpeg natives: " + natives()};
    }

    static String version() {
      String version = MontageCommand.class.getPackage().getImplementationVersion();
      return version == null || version.isBlank() ? "dev" : version;
    }

    static String natives() {
      String natives = ownManifest().map(manifest -> manifest.getMainAttributes().getValue("Montage-Natives"))
          .orElse(null);
      return natives == null || natives.isBlank()
          ? "whatever the class path holds (not run from montage.jar)"
          : natives + " (this jar runs on that platform only)";
    }

    private static Optional<Manifest> ownManifest() {
      CodeSource source = MontageCommand.class.getProtectionDomain().getCodeSource();
      if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
        return Optional.empty();
      }
      try (JarFile jar = new JarFile(new File(source.getLocation().toURI()))) {
        return Optional.ofNullable(jar.getManifest());
      } catch (IOException | URISyntaxException e) {
        // Only the version text depends on it: it then says the natives are whatever the class path holds.
        return Optional.empty();
      }
    }
  }
}
