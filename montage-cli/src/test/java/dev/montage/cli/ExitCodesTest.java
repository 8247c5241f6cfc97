package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.EncodingException;
import dev.montage.core.InvalidJobException;
import dev.montage.core.OutputException;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.RendererNotFoundException;
import dev.montage.core.SourceMediaException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class ExitCodesTest {

  private static final Path FILE = Path.of("/videos/a.mp4");

  @Test
  void of_invalidJob() {
    assertEquals(2, ExitCodes.of(InvalidJobException.of(List.of("width must be even but was 3"))));
  }

  @Test
  void of_usage() {
    assertEquals(2, ExitCodes.of(new ParameterException(new CommandLine(new MontageCommand()), "bad")));
  }

  @Test
  void of_sourceMedia() {
    assertEquals(3, ExitCodes.of(SourceMediaException.missing(0, FILE)));
    assertEquals(3, ExitCodes.of(SourceMediaException.corrupt(1, FILE, new IOException("bad header"))));
    assertEquals(3, ExitCodes.of(SourceMediaException.noVideo(2, FILE)));
    assertEquals(3, ExitCodes.of(SourceMediaException.pastEnd(3, FILE, "out", 9, 6)));
  }

  @Test
  void of_output() {
    assertEquals(4, ExitCodes.of(OutputException.cannotWrite(FILE, null, "check the directory")));
    assertEquals(4, ExitCodes.of(OutputException.writeFailed(2, FILE, new IOException("disk full"))));
  }

  @Test
  void of_timeout() {
    assertEquals(5, ExitCodes.of(RenderTimeoutException.exceeded("opening", 1, FILE, Duration.ofSeconds(30))));
  }

  @Test
  void of_encoding() {
    assertEquals(6, ExitCodes.of(EncodingException.failed(1, FILE, "encoder rejected a frame", null)));
    assertEquals(6, ExitCodes.of(EncodingException.noEncoder("H.264", "use the GPL build")));
  }

  @Test
  void of_rendererNotFound() {
    assertEquals(6, ExitCodes.of(RendererNotFoundException.none()));
  }

  @Test
  void of_cancelled() {
    assertEquals(130, ExitCodes.of(RenderCancelledException.byToken()));
    assertEquals(130, ExitCodes.of(RenderCancelledException.byInterrupt(new InterruptedException())));
  }

  @Test
  void of_anythingElseIsUnexpected() {
    assertEquals(1, ExitCodes.of(new IllegalStateException("bug")));
    assertEquals(1, ExitCodes.of(new OutOfMemoryError()));
  }

  @Test
  void mapper_agreesWithOf() {
    assertEquals(3, new ExitCodes().getExitCode(SourceMediaException.missing(0, FILE)));
  }
}
