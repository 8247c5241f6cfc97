package dev.montage.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The {@code --verbose} option, mixed into every subcommand: debug logging from Montage and the
 * full stack trace of a failure.
 */
final class VerboseOption {

  static final String NAME = "--verbose";
  /** slf4j-simple's default level; a system property wins over {@code simplelogger.properties}. */
  static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  private boolean verbose;

  @Option(names = NAME, description = "Log Montage's debug output and print full stack traces.")
  void verbose(boolean on) {
    verbose = on;
    if (on) {
      // Picocli sets options while parsing, before anything creates a logger: slf4j-simple reads
      // its configuration once, when the first logger is created.
      System.setProperty(LOG_LEVEL_PROPERTY, "debug");
    }
  }

  boolean isSet() {
    return verbose;
  }

  /** Whether {@code --verbose} was given to the command or any subcommand parsed. */
  static boolean isSet(ParseResult parsed) {
    for (@Nullable ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption(NAME)) {
        return true;
      }
    }
    return false;
  }
}
