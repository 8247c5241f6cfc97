package dev.montage.ffmpeg.internal.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempScopeTest {

  @TempDir Path work;

  @Test
  void recordsTheOutputsPartFileSoThatAKillLeavesNothing() throws Exception {
    Path temp = work.resolve("temp");
    Path part = work.resolve(".out.mp4.montage-1a2b3c4d.part");
    TempScope scope = TempScope.create(temp);
    Files.write(scope.newFile("segment", ".mp4"), new byte[16]);
    Files.write(scope.register(part), new byte[16]);
    assertTrue(scope.dir().getFileName().toString().startsWith("montage-job-" + ProcessHandle.current().pid() + "-"));
    assertEquals(List.of(part), scope.recordedForAKill(),
        "the next job in this temp dir deletes the part file if this process is killed");

    scope.close();
    assertFalse(Files.exists(part));
    try (Stream<Path> left = Files.list(temp)) {
      assertEquals(List.of(), left.toList());
    }
  }
}
