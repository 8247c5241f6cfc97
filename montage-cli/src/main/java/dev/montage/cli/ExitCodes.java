package dev.montage.cli;

import dev.montage.core.EncodingException;
import dev.montage.core.InvalidJobException;
import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.RendererNotFoundException;
import dev.montage.core.SourceMediaException;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;

/** The exit codes of {@code montage}, one per kind of failure; listed in {@link MontageCommand}. */
final class ExitCodes implements IExitCodeExceptionMapper {

  static final int OK = 0;
  /** A failure that is none of the kinds below: a bug, to be reported with {@code --verbose}. */
  static final int UNEXPECTED = 1;
  /** Invalid usage or an invalid job. Picocli's own code for invalid input, too. */
  static final int USAGE = 2;
  static final int SOURCE = 3;
  static final int OUTPUT = 4;
  static final int TIMEOUT = 5;
  static final int ENCODING = 6;
  /** 128 + SIGINT, what a shell reports for a program stopped by Ctrl-C. */
  static final int CANCELLED = 130;

  @Override
  public int getExitCode(Throwable exception) {
    return of(exception);
  }

  /** The exit code for {@code failure}. */
  static int of(Throwable failure) {
    if (failure instanceof InvalidJobException || failure instanceof ParameterException) {
      return USAGE;
    }
    if (failure instanceof SourceMediaException) {
      return SOURCE;
    }
    if (failure instanceof OutputException) {
      return OUTPUT;
    }
    if (failure instanceof RenderTimeoutException) {
      return TIMEOUT;
    }
    if (failure instanceof EncodingException || failure instanceof RendererNotFoundException) {
      return ENCODING;
    }
    if (failure instanceof RenderCancelledException) {
      return CANCELLED;
    }
    return UNEXPECTED;
  }
}
