package dev.montage.cli;

import dev.montage.core.InvalidJobException;
import dev.montage.core.MontageException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into short messages on standard error and an exit code: one line per failure
 * (one per problem of an invalid job), a usage hint after a usage error, and the stack trace only
 * with {@code --verbose}.
 */
final class ErrorReport implements IExecutionExceptionHandler, IParameterExceptionHandler {

  static final String PREFIX = "montage: ";

  @Override
  public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
    print(command.getErr(), failure, VerboseOption.isSet(parseResult));
    return ExitCodes.of(failure);
  }

  @Override
  public int handleParseException(ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(PREFIX + oneLine(String.valueOf(failure.getMessage())));
    UnmatchedArgumentException.printSuggestions(failure, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Prints {@link #lines} of {@code failure} to {@code err}, then its stack trace if {@code verbose}. */
  static void print(PrintWriter err, Throwable failure, boolean verbose) {
    lines(failure).forEach(err::println);
    if (verbose) {
      failure.printStackTrace(err);
    }
    err.flush();
  }

  /**
   * The lines that report {@code failure}: each problem of an {@link InvalidJobException}, the
   * message of another {@link MontageException} (it names clip and file already), or type and
   * message of anything else, which is a bug.
   */
  static List<String> lines(Throwable failure) {
    List<String> lines = new ArrayList<>();
    if (failure instanceof InvalidJobException invalid) {
      invalid.problems().forEach(problem -> lines.add(PREFIX + oneLine(problem)));
    } else if (failure instanceof MontageException) {
      lines.add(PREFIX + oneLine(messageOf(failure)));
    } else {
      lines.add(PREFIX + "unexpected " + failure.getClass().getName() + ": " + oneLine(messageOf(failure))
          + " (run with --verbose for the stack trace)");
    }
    return lines;
  }

  private static String messageOf(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }

  /** {@code text} on one line: FFmpeg's messages, quoted in causes, may span several. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
