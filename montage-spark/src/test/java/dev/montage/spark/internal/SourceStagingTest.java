package dev.montage.spark.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.montage.core.SourceMediaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceStagingTest {

  @TempDir Path dir;

  @Test
  void stage_copiesOnceUnderAHashOfThePathAndKeepsTheName() throws Exception {
    Path source = Files.write(Files.createDirectories(dir.resolve("media")).resolve("a.mp4"), new byte[] {1, 2, 3});
    Path root = dir.resolve("shared/sources");

    Path staged = SourceStaging.stage(source, root);
    FileTime first = Files.getLastModifiedTime(staged);
    Path again = SourceStaging.stage(source, root);

    assertEquals(staged, again);
    assertEquals("a.mp4", staged.getFileName().toString());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(staged));
    assertEquals(first, Files.getLastModifiedTime(again));
    try (Stream<Path> files = Files.list(staged.getParent())) {
      assertEquals(1, files.count(), "no partial copy left");
    }
  }

  @Test
  void stage_sameNameFromTwoDirectories_doesNotCollide() throws Exception {
    Path one = Files.write(Files.createDirectories(dir.resolve("one")).resolve("a.mp4"), new byte[] {1});
    Path two = Files.write(Files.createDirectories(dir.resolve("two")).resolve("a.mp4"), new byte[] {2});
    Path root = dir.resolve("sources");
    assertNotEquals(SourceStaging.stage(one, root), SourceStaging.stage(two, root));
  }

  @Test
  void stage_changedSource_isCopiedAgain() throws Exception {
    Path source = Files.write(dir.resolve("a.mp4"), new byte[] {1});
    Path root = dir.resolve("sources");
    SourceStaging.stage(source, root);
    Files.write(source, new byte[] {1, 2});
    assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(SourceStaging.stage(source, root)));
  }

  @Test
  void stage_missingSource_isASourceMediaException() {
    Path missing = dir.resolve("gone.mp4");
    SourceMediaException failure = assertThrows(SourceMediaException.class,
        () -> SourceStaging.stage(missing, dir.resolve("sources")));
    assertEquals(missing, failure.file().orElseThrow());
  }
}
