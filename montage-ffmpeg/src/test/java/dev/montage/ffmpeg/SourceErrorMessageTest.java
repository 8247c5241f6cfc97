package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.SourceMediaException;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.FaultyMedia;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken source's message says which clip and file, what FFmpeg said about it in its own words,
 * and what to do; and it says nothing of JavaCV's hints for its own developers.
 */
@CheckLeaks
class SourceErrorMessageTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  static Path good() {
    return SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));
  }

  private SourceMediaException failureOnClip1(Path bad) {
    SourceMediaException failure = assertThrows(SourceMediaException.class, () -> MontageBuilder.create()
        .size(160, 120).frameRate(30).output(dir.resolve("out.mp4")).tempDir(jobTemp)
        .hardware(new Hardware(2, 8L << 30, false))
        .clip(good(), Duration.ZERO, Duration.ofMillis(500))
        .clip(bad)
        .render());
    String message = failure.getMessage();
    assertEquals(1, failure.clipIndex().orElse(-1), message);
    assertTrue(message.startsWith("clip 1 (" + bad + ")"), message);
    assertFalse(message.contains("has been called"), message);
    assertFalse(message.contains("setFormat"), message);
    assertFalse(Files.exists(dir.resolve("out.mp4")), message);
    return failure;
  }

  private static void assertContains(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), () -> "missing \"" + part + "\" in: " + message);
    }
  }

  @Test
  void garbage_saysWhatFfmpegSaidAndTheCodeInWords() {
    SourceMediaException failure = failureOnClip1(FaultyMedia.garbage(dir));
    // Random bytes: the mov demuxer wins the probe with the lowest score and finds no index.
    assertContains(failure.getMessage(), "FFmpeg said \"moov atom not found",
        "error -1094995529 (Invalid data found when processing input)", "could not open input",
        "copy or export the file again");
  }

  @Test
  void noMoov_saysTheIndexIsMissingAndWhatToDo() {
    SourceMediaException failure = failureOnClip1(FaultyMedia.noMoov(dir, good()));
    assertContains(failure.getMessage(), "FFmpeg said \"moov atom not found (mov,mp4,m4a,3gp,3g2,mj2)\"",
        "Invalid data found when processing input", "index (moov atom) is missing",
        "copy or export the file again");
  }

  @Test
  void truncated_saysFfmpegFoundAPartialFile() {
    SourceMediaException failure = failureOnClip1(FaultyMedia.truncated(dir, good()));
    assertContains(failure.getMessage(), "partial file", "truncated");
  }

  @Test
  void undecodableCodec_namesTheCodecAndWhatToDo() {
    SourceMediaException failure = failureOnClip1(FaultyMedia.undecodableVideo(dir));
    assertContains(failure.getMessage(), "the video codec avs3 cannot be decoded by this FFmpeg build",
        "convert the source to a common codec such as H.264");
  }
}
