package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.DamageResponse;
import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.SourceMediaException;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.DamagedMedia;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged sources are reported, never repaired silently: where part of a clip has no decodable
 * picture and a frame is held in its place, the result says which clip, file and span, or the job
 * fails with {@link DamageResponse#FAIL}. A span the file itself leaves empty (no packets: one long
 * frame, as variable-frame-rate recordings have) is not damage and stays silent.
 */
@CheckLeaks
class DamagedSourceTest {

  static final Path VALID = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)));

  @TempDir Path dir;

  private MontageBuilder job(Path source, Path jobTemp) {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30).tempDir(jobTemp)
        .clip(VALID, Duration.ZERO, Duration.ofMillis(500))
        .clip(source, Duration.ofMillis(500), Duration.ofMillis(2500))
        .streamCopy(false);
  }

  private static List<String> damage(RenderResult result) {
    return result.warnings().stream().filter(warning -> warning.contains("damaged source")).toList();
  }

  @Test
  void undecodableSpan_isReportedWithClipFileAndSpan(@JobTempDir Path jobTemp) {
    Path damaged = DamagedMedia.undecodableSpan(dir, VALID, 1.0, 1.5);

    RenderResult result = job(damaged, jobTemp).build().render();

    assertEquals(15 + 60, result.frameCount(), "the job still renders every frame");
    assertEquals(List.of("clip 1 (" + damaged + "): damaged source: the video from 1.000s to 1.500s could not be"
        + " decoded (15 packets there failed to decode) and the frame at 0.967s was held for 0.500s of the clip"),
        damage(result));
  }

  @Test
  void streamEndingBeforeTheOutPoint_isReported(@JobTempDir Path jobTemp) {
    Path damaged = DamagedMedia.endsEarly(dir, VALID, 2.0);

    RenderResult result = job(damaged, jobTemp).build().render();

    List<String> damage = damage(result);
    assertEquals(1, damage.size(), result.warnings().toString());
    assertTrue(damage.get(0).startsWith("clip 1 (" + damaged + "): damaged source: the video ends at 2.000s, before"
        + " the clip's out point at 2.500s, and its last frame was held for 0.5"), damage.get(0));
  }

  @Test
  void damage_failsTheJobWhenAskedTo_withNothingLeftBehind(@JobTempDir Path jobTemp) throws IOException {
    Path damaged = DamagedMedia.undecodableSpan(dir, VALID, 1.0, 1.5);

    SourceMediaException failure = assertThrows(SourceMediaException.class,
        () -> job(damaged, jobTemp).onDamagedSource(DamageResponse.FAIL).build().render());

    assertEquals(1, failure.clipIndex().orElseThrow());
    assertEquals(damaged, failure.file().orElseThrow());
    assertTrue(failure.getMessage().contains("source is damaged: the video from 1.000s to 1.500s could not be"
        + " decoded"), failure.getMessage());
    assertTrue(Files.notExists(dir.resolve("out.mp4")));
  }

  @Test
  void endingEarly_failsTheJobWhenAskedTo(@JobTempDir Path jobTemp) {
    Path damaged = DamagedMedia.endsEarly(dir, VALID, 2.0);

    SourceMediaException failure = assertThrows(SourceMediaException.class,
        () -> job(damaged, jobTemp).onDamagedSource(DamageResponse.FAIL).build().render());
    assertTrue(failure.getMessage().contains("the video ends at 2.000s"), failure.getMessage());
  }

  @Test
  void spanTheFileLeavesEmpty_isALongFrameNotDamage(@JobTempDir Path jobTemp) {
    // No packets at all from 1.0 s to 1.5 s: to a decoder exactly what a variable-frame-rate screen
    // recording is where the screen did not change.
    Path longFrame = DamagedMedia.withGap(dir, VALID, 1.0, 1.5);

    RenderResult result = job(longFrame, jobTemp).onDamagedSource(DamageResponse.FAIL).build().render();

    assertEquals(List.of(), damage(result));
  }

  @Test
  void healthySources_reportNothing(@JobTempDir Path jobTemp) {
    RenderResult result = job(VALID, jobTemp).crossfade(Duration.ofMillis(200)).onDamagedSource(DamageResponse.FAIL)
        .build().render();
    assertEquals(List.of(), damage(result));
  }

  @Test
  void damagedClipOutsideTheDamage_reportsNothing(@JobTempDir Path jobTemp) {
    Path damaged = DamagedMedia.undecodableSpan(dir, VALID, 2.0, 2.5);
    RenderResult result = MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).clip(damaged, Duration.ZERO, Duration.ofMillis(1900)).streamCopy(false)
        .onDamagedSource(DamageResponse.FAIL).build().render();
    assertEquals(List.of(), damage(result));
  }
}
