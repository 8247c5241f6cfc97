package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A work directory for jqwik properties that render (JUnit extensions such as {@code @CheckLeaks}
 * and {@code @JobTempDir} do not run inside tries): an output path, a temp dir for the job, and the
 * leak check each try ends with.
 */
final class PropertyWorkDir {

  final Path dir;
  final Path output;
  final Path temp;

  PropertyWorkDir(String prefix) {
    try {
      dir = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    output = dir.resolve("out.mp4");
    temp = dir.resolve("tmp");
  }

  /** Ends a try: removes the output, then asserts no open handle and nothing left in the temp dir. */
  void endTry() throws IOException {
    Files.deleteIfExists(output);
    assertEquals(0, new FfmpegRenderer().ledger().openCount(), () -> "open: " + new FfmpegRenderer().ledger().openHandles());
    if (Files.isDirectory(temp)) {
      try (Stream<Path> left = Files.list(temp)) {
        assertTrue(left.findAny().isEmpty(), "temp files left");
      }
    }
  }

  /** An image for stills, written once into the directory (a portrait JPEG turned by its EXIF orientation). */
  Path image() {
    Path image = dir.resolve("photo.jpg");
    if (!Files.exists(image)) {
      dev.montage.testkit.SyntheticImage.write(image, 96, 128, (x, y) -> x < 48 ? 200 : 60, 6);
    }
    return image;
  }

  /** Removes the directory after the last try. */
  void remove() throws IOException {
    Files.deleteIfExists(output);
    Files.deleteIfExists(dir.resolve("photo.jpg"));
    if (Files.isDirectory(temp)) {
      Files.delete(temp);
    }
    Files.deleteIfExists(dir);
  }
}
