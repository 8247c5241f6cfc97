package com.example.hostapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.CancellationToken;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderResult;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host application renders and cancels with the FFmpeg build its pom chose, leaking nothing. */
@CheckLeaks
class HostAppTest {

  static final List<Path> SOURCES = List.of(
      SyntheticMedia.cached(SyntheticSpec.of(320, 240, 30, Duration.ofSeconds(2))),
      SyntheticMedia.cached(SyntheticSpec.of(240, 320, 25, Duration.ofSeconds(2)).withToneHz(880)),
      SyntheticMedia.cached(SyntheticSpec.of(320, 180, 30, Duration.ofSeconds(2)).withAudio(false)));

  @Test
  void montage_threeSources_rendersWithTheChosenBuild(@TempDir Path dir, @JobTempDir Path temp) {
    RenderResult result = HostApp.montage(dir.resolve("montage.mp4"), SOURCES).tempDir(temp).render();

    assertEquals(System.getProperty("expected.encoder"), result.videoEncoder(),
        "the pom's FFmpeg build (montage-ffmpeg: OpenH264; montage-ffmpeg-gpl: libx264)");
    assertTrue(Files.isRegularFile(result.output()));
    // Three one-second clips at 30 fps, two crossfades of six frames each.
    assertEquals(3 * 30 - 2 * 6, result.frameCount(), 1);
  }

  @Test
  void montage_cancelled_leavesNothingBehind(@TempDir Path dir, @JobTempDir Path temp) {
    Path output = dir.resolve("cancelled.mp4");
    CancellationToken token = CancellationToken.create();

    assertThrows(RenderCancelledException.class, () -> HostApp.montage(output, SOURCES)
        .tempDir(temp)
        .cancellation(token)
        .onProgress(progress -> token.cancel())
        .render());

    assertFalse(Files.exists(output), "no half-written output under the final name");
  }
}
