package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Every factory writes a message naming the clip index and the file where it has them. */
class MontageExceptionTest {

  private static final Path SOURCE = Path.of("videos", "holiday.mp4");
  private static final Path OUTPUT = Path.of("out", "montage.mp4");

  // SourceMediaException

  @Test
  void sourceMissing_namesClipAndFile() {
    SourceMediaException e = SourceMediaException.missing(3, SOURCE);
    assertEquals("clip 3 (" + SOURCE + "): source file does not exist; check the path", e.getMessage());
    assertLocated(e, 3, SOURCE);
    assertNull(e.getCause());
  }

  @Test
  void sourceUnreadable_keepsTheCause() {
    AccessDeniedException cause = new AccessDeniedException(SOURCE.toString());
    SourceMediaException e = SourceMediaException.unreadable(0, SOURCE, cause);
    assertContains(e.getMessage(), "clip 0 (" + SOURCE + ")", "cannot be read", "permissions");
    assertLocated(e, 0, SOURCE);
    assertSame(cause, e.getCause());
  }

  @Test
  void sourceCorrupt_quotesFfmpeg() {
    Exception cause = new IllegalStateException("avformat_open_input() error -1094995529: Invalid data found");
    SourceMediaException e = SourceMediaException.corrupt(7, SOURCE, cause);
    assertEquals("clip 7 (" + SOURCE + "): source cannot be decoded: avformat_open_input() error"
        + " -1094995529: Invalid data found; the file is damaged or not a video FFmpeg understands",
        e.getMessage());
    assertLocated(e, 7, SOURCE);
    assertSame(cause, e.getCause());
  }

  @Test
  void sourceCorrupt_withAdvice() {
    Exception cause = new IllegalStateException("FFmpeg said \"moov atom not found (mov,mp4)\"");
    SourceMediaException e = SourceMediaException.corrupt(7, SOURCE, cause, "copy the file again");
    assertEquals("clip 7 (" + SOURCE + "): source cannot be decoded: FFmpeg said \"moov atom not found"
        + " (mov,mp4)\"; copy the file again", e.getMessage());
    assertLocated(e, 7, SOURCE);
    assertSame(cause, e.getCause());
  }

  @Test
  void sourceUnsupportedCodec_namesCodecAndWhatToDo() {
    SourceMediaException e = SourceMediaException.unsupportedCodec(5, SOURCE, "video", "avs3", null);
    assertEquals("clip 5 (" + SOURCE + "): the video codec avs3 cannot be decoded by this FFmpeg build"
        + " (it has no avs3 decoder); convert the source to a common codec such as H.264 with AAC audio",
        e.getMessage());
    assertLocated(e, 5, SOURCE);
  }

  @Test
  void sourceNoVideo_namesClipAndFile() {
    SourceMediaException e = SourceMediaException.noVideo(2, SOURCE);
    assertEquals("clip 2 (" + SOURCE + "): source has no video stream; use a video file", e.getMessage());
    assertLocated(e, 2, SOURCE);
  }

  @Test
  void sourcePastEnd_givesBothTimes() {
    SourceMediaException e = SourceMediaException.pastEnd(4, SOURCE, "out", 12.5, 10);
    assertEquals("clip 4 (" + SOURCE + "): out point 12.500s is past the end of the source (10.000s long);"
        + " shorten the clip", e.getMessage());
    assertLocated(e, 4, SOURCE);
  }

  @Test
  void sourceDecodeFailed_keepsTheCause() {
    Exception cause = new RuntimeException("error while decoding MB 10 5");
    SourceMediaException e = SourceMediaException.decodeFailed(1, SOURCE, cause);
    assertContains(e.getMessage(), "clip 1 (" + SOURCE + ")", "decoding failed: error while decoding MB 10 5",
        "truncated or damaged");
    assertLocated(e, 1, SOURCE);
    assertSame(cause, e.getCause());
  }

  @Test
  void causeWithoutMessage_namedByItsType() {
    SourceMediaException e = SourceMediaException.corrupt(0, SOURCE, new NullPointerException());
    assertContains(e.getMessage(), "source cannot be decoded: NullPointerException;");
  }

  // EncodingException

  @Test
  void encodingFailed_namesClipAndFile() {
    Exception cause = new IllegalStateException("avcodec_send_frame() error -22");
    EncodingException e = EncodingException.failed(5, OUTPUT, "encoding a video frame", cause);
    assertEquals("clip 5 (" + OUTPUT + "): encoding a video frame: avcodec_send_frame() error -22", e.getMessage());
    assertLocated(e, 5, OUTPUT);
    assertSame(cause, e.getCause());
  }

  @Test
  void encodingFailed_withoutClipNamesTheFile() {
    EncodingException e = EncodingException.failed(-1, OUTPUT, "writing the trailer", null);
    assertEquals(OUTPUT + ": writing the trailer", e.getMessage());
    assertEquals(OptionalInt.empty(), e.clipIndex());
    assertEquals(Optional.of(OUTPUT), e.file());
  }

  @Test
  void encodingFailed_withoutClipOrFileNamesTheJob() {
    EncodingException e = EncodingException.failed(-1, null, "opening the muxer", null);
    assertEquals("the job: opening the muxer", e.getMessage());
    assertEquals(OptionalInt.empty(), e.clipIndex());
    assertEquals(Optional.empty(), e.file());
  }

  @Test
  void encodingNoEncoder_namesCodecAndAdvice() {
    EncodingException e = EncodingException.noEncoder("H.264", "use the GPL build of FFmpeg");
    assertEquals("no H.264 encoder in this FFmpeg build; use the GPL build of FFmpeg", e.getMessage());
    assertEquals(OptionalInt.empty(), e.clipIndex());
    assertEquals(Optional.empty(), e.file());
  }

  // OutputException

  @Test
  void outputCannotWrite_namesFileAndAdvice() {
    IOException cause = new IOException("No space left on device");
    OutputException e = OutputException.cannotWrite(OUTPUT, cause, "free some disk space");
    assertEquals("cannot write " + OUTPUT + ": No space left on device; free some disk space", e.getMessage());
    assertEquals(OptionalInt.empty(), e.clipIndex());
    assertEquals(Optional.of(OUTPUT), e.file());
    assertSame(cause, e.getCause());
  }

  @Test
  void outputWriteFailed_namesClipAndFile() {
    Path segment = Path.of("tmp", "segment-0002.mp4");
    OutputException e = OutputException.writeFailed(2, segment, null);
    assertEquals("clip 2: writing " + segment + " failed; check free disk space and permissions", e.getMessage());
    assertLocated(e, 2, segment);
  }

  // RenderTimeoutException

  @Test
  void timeoutExceeded_namesClipFileAndBudget() {
    RenderTimeoutException e = RenderTimeoutException.exceeded("probing", 6, SOURCE, Duration.ofSeconds(90));
    assertContains(e.getMessage(), "clip 6 (" + SOURCE + "): probing exceeded its time budget of 90000 ms",
        "raise the timeout policy");
    assertLocated(e, 6, SOURCE);
    assertEquals(Duration.ofSeconds(90), e.budget());
  }

  @Test
  void timeoutExceeded_withoutClipNamesTheJob() {
    RenderTimeoutException e = RenderTimeoutException.exceeded("concatenating", -1, null, Duration.ofMillis(1500));
    assertContains(e.getMessage(), "the job: concatenating exceeded its time budget of 1500 ms");
    assertEquals(OptionalInt.empty(), e.clipIndex());
  }

  // RenderCancelledException

  @Test
  void cancelledByToken_saysNothingWasWritten() {
    RenderCancelledException e = RenderCancelledException.byToken();
    assertEquals("render cancelled; no output was written", e.getMessage());
    assertEquals(OptionalInt.empty(), e.clipIndex());
    assertNull(e.getCause());
  }

  @Test
  void cancelledByInterrupt_keepsTheCause() {
    InterruptedException cause = new InterruptedException();
    RenderCancelledException e = RenderCancelledException.byInterrupt(cause);
    assertEquals("render interrupted; no output was written", e.getMessage());
    assertSame(cause, e.getCause());
  }

  // RendererNotFoundException

  @Test
  void rendererNotFound_namesTheArtifact() {
    RendererNotFoundException e = RendererNotFoundException.none();
    assertContains(e.getMessage(), "dev.montage:montage-ffmpeg", "ServiceLoader");
  }

  // InvalidJobException

  @Test
  void invalidJob_withoutProblemsRejected() {
    assertThrows(IllegalArgumentException.class, () -> InvalidJobException.of(List.of()));
  }

  @Test
  void invalidJob_problemsCopied() {
    List<String> problems = new ArrayList<>(List.of("crf must be 0 to 51 but was 60"));
    InvalidJobException e = InvalidJobException.of(problems);
    problems.add("later");
    assertEquals(List.of("crf must be 0 to 51 but was 60"), e.problems());
    assertThrows(UnsupportedOperationException.class, () -> e.problems().add("more"));
  }

  @Test
  void invalidJob_messageListsEveryProblem() {
    InvalidJobException e = InvalidJobException.of(List.of("first", "second"));
    assertEquals("invalid montage job (2 problems):\n  - first\n  - second", e.getMessage());
  }

  // The hierarchy.

  @Test
  void everyFailure_isAnUncheckedMontageException() {
    List<RuntimeException> all = List.of(
        InvalidJobException.of(List.of("x")),
        SourceMediaException.missing(0, SOURCE),
        EncodingException.noEncoder("H.264", "x"),
        OutputException.cannotWrite(OUTPUT, null, "x"),
        RenderTimeoutException.exceeded("x", 0, null, Duration.ofSeconds(1)),
        RenderCancelledException.byToken(),
        RendererNotFoundException.none());
    for (RuntimeException e : all) {
      assertInstanceOf(MontageException.class, e);
    }
  }

  @Test
  void serialization_keepsClipAndFile() throws Exception {
    SourceMediaException original = SourceMediaException.missing(3, SOURCE);
    MontageException copy = roundTrip(original);
    assertEquals(original.getMessage(), copy.getMessage());
    assertLocated(copy, 3, SOURCE);
  }

  @Test
  void serialization_keepsProblemsAndBudget() throws Exception {
    InvalidJobException invalid = (InvalidJobException) roundTrip(InvalidJobException.of(List.of("a", "b")));
    assertEquals(List.of("a", "b"), invalid.problems());
    RenderTimeoutException timeout =
        (RenderTimeoutException) roundTrip(RenderTimeoutException.exceeded("x", 1, SOURCE, Duration.ofSeconds(7)));
    assertEquals(Duration.ofSeconds(7), timeout.budget());
  }

  private static void assertLocated(MontageException e, int clipIndex, Path file) {
    assertEquals(OptionalInt.of(clipIndex), e.clipIndex());
    assertEquals(Optional.of(file), e.file());
  }

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "expected '" + part + "' in: " + text);
    }
  }

  private static MontageException roundTrip(MontageException e) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (MontageException) in.readObject();
    }
  }
}
