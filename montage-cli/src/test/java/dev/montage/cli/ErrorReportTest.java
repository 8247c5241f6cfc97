package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.InvalidJobException;
import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.SourceMediaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorReportTest {

  @Test
  void lines_montageExceptionIsOneLineWithClipAndFile() {
    SourceMediaException e = SourceMediaException.corrupt(
        3, Path.of("/path/a.mp4"), new IOException("Invalid data found\n  when processing input"));
    assertEquals(List.of("montage: clip 3 (/path/a.mp4): source cannot be decoded: Invalid data found"
            + " when processing input; the file is damaged or not a video FFmpeg understands"),
        ErrorReport.lines(e));
  }

  @Test
  void lines_invalidJobIsOneLinePerProblem() {
    InvalidJobException e = InvalidJobException.of(List.of(
        "width must be even (H.264 with 4:2:0 chroma) but was 161",
        "clip 0 (a.mp4): out point 1.0 must be after in point 2.0"));
    assertEquals(List.of(
            "montage: width must be even (H.264 with 4:2:0 chroma) but was 161",
            "montage: clip 0 (a.mp4): out point 1.0 must be after in point 2.0"),
        ErrorReport.lines(e));
  }

  @Test
  void lines_cancelled() {
    assertEquals(List.of("montage: render cancelled; no output was written"),
        ErrorReport.lines(RenderCancelledException.byToken()));
  }

  @Test
  void lines_otherExceptionIsABug() {
    assertEquals(List.of("montage: unexpected java.lang.IllegalStateException: pool closed"
            + " (run with --verbose for the stack trace)"),
        ErrorReport.lines(new IllegalStateException("pool closed")));
    assertEquals(List.of("montage: unexpected java.lang.NullPointerException: NullPointerException"
            + " (run with --verbose for the stack trace)"),
        ErrorReport.lines(new NullPointerException()));
  }

  @Test
  void print_stackTraceOnlyWhenVerbose() {
    OutputException e = OutputException.cannotWrite(Path.of("/ro/out.mp4"), null, "check the directory");
    StringWriter quiet = new StringWriter();
    ErrorReport.print(new PrintWriter(quiet), e, false);
    assertEquals("montage: cannot write /ro/out.mp4; check the directory" + System.lineSeparator(),
        quiet.toString());

    StringWriter verbose = new StringWriter();
    ErrorReport.print(new PrintWriter(verbose), e, true);
    assertTrue(verbose.toString().startsWith(quiet.toString()), verbose.toString());
    assertTrue(verbose.toString().contains("\tat dev.montage.cli.ErrorReportTest"), verbose.toString());
  }

  @Test
  void execute_usageErrorPrintsOneLineAndHint() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new MontageCommand());
    command.setErr(new PrintWriter(err));

    int exitCode = command.execute("render", "--size", "big", "-o", "out.mp4", "a.mp4");

    assertEquals(2, exitCode);
    assertEquals(List.of(
            "montage: Invalid value for option '--size': 'big' is not a frame size: use WIDTHxHEIGHT"
                + " such as 1280x720",
            "Try 'montage render --help' for more information."),
        err.toString().lines().toList());
  }

  @Test
  void execute_unknownSubcommandSuggests() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new MontageCommand());
    command.setErr(new PrintWriter(err));

    assertEquals(2, command.execute("rendr"));
    assertTrue(err.toString().contains("Did you mean: montage render?"), err.toString());
    assertFalse(err.toString().contains("Usage:"), err.toString());
  }
}
