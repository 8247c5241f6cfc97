package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Isolation;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MusicBed;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderPlan.ClipPath;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.RunOptions;
import dev.montage.core.SourceMediaException;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.FaultyMedia;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code job.plan()} says what a render would do, clip by clip and why, and writes nothing. */
@CheckLeaks
class PlanTest {

  @TempDir Path dir;

  static final Path MPEG4 = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)));
  static final Path H264 = SyntheticMedia.cached(
      SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)).withCodec("libopenh264"));

  MontageBuilder builder(Path jobTemp) {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30).tempDir(jobTemp);
  }

  @Test
  void plan_keyframeCutsOfMatchingSources_areCopiedAndSaySo(@JobTempDir Path jobTemp) throws IOException {
    RenderPlan plan = builder(jobTemp)
        .clip(H264, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(H264, Duration.ZERO, Duration.ofSeconds(1))
        .build().plan();

    assertEquals(RenderMode.STREAM_COPY, plan.mode());
    assertEquals(60, plan.frames());
    assertEquals("copy", plan.videoEncoder());
    assertEquals(ClipPath.COPIED, plan.clips().get(0).path());
    assertEquals("cut on keyframes: its 30 frames are copied as they are", plan.clips().get(1).reason());
    assertNothingWritten(jobTemp);
  }

  @Test
  void plan_sourceOfAnotherCodec_isReencodedNamingHowItDiffers(@JobTempDir Path jobTemp) throws IOException {
    RenderPlan plan = builder(jobTemp)
        .clip(H264, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(MPEG4, Duration.ZERO, Duration.ofSeconds(1))
        .build().plan();

    assertEquals(RenderMode.REENCODE, plan.mode());
    assertEquals(ClipPath.REENCODED, plan.clips().get(1).path());
    assertEquals("source is 160x120 mpeg4 yuv420p at 30.000 fps, output is 160x120 H.264 yuv420p at"
        + " 30.000 fps", plan.clips().get(1).reason());
    assertTrue(plan.clips().get(0).reason().startsWith(MPEG4.toString()), plan.clips().get(0).reason());
    assertTrue(plan.describe().get(3).startsWith("clip 1 (" + MPEG4 + "): re-encoded: source is"),
        plan.describe().toString());
    assertNothingWritten(jobTemp);
  }

  @Test
  void plan_crossfade_isWhyMatchingSourcesAreReencoded_andItsFramesAreTheRendersFrames(@JobTempDir Path jobTemp) {
    MontageBuilder job = builder(jobTemp)
        .clip(H264, Duration.ZERO, Duration.ofSeconds(1))
        .clip(H264, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .crossfade(Duration.ofMillis(200));
    RenderPlan plan = job.build().plan();

    assertEquals("transitions other than cuts need re-encoding", plan.clips().get(0).reason());
    RenderResult rendered = job.render();
    assertEquals(rendered.frameCount(), plan.frames());
    assertEquals(rendered.segments(), plan.segments());
    assertEquals(rendered.videoEncoder(), plan.videoEncoder());
  }

  @Test
  void plan_streamCopyOff_saysSo(@JobTempDir Path jobTemp) {
    RenderPlan plan = builder(jobTemp).clip(H264, Duration.ZERO, Duration.ofSeconds(1)).streamCopy(false)
        .build().plan();

    assertEquals("stream copy is turned off", plan.clips().get(0).reason());
  }

  @Test
  void plan_withIsolation_probesInWorkers_andSaysWhatThatRunWouldDo(@JobTempDir Path jobTemp) throws IOException {
    MontageBuilder job = builder(jobTemp)
        .clip(MPEG4, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(MPEG4, Duration.ZERO, Duration.ofSeconds(1))
        .music(MusicBed.of(MPEG4));
    RenderPlan inProcess = job.plan();
    RenderPlan isolated = job.isolation(Isolation.PROCESS).plan();

    assertEquals(inProcess.mode(), isolated.mode());
    assertEquals(inProcess.segments(), isolated.segments());
    assertEquals(inProcess.frames(), isolated.frames());
    assertEquals(inProcess.describe(), isolated.describe(), "the same reasons: isolation copies what it can too");
    assertNothingWritten(jobTemp);
    Path corrupt = FaultyMedia.corruptHeader(dir, MPEG4);
    SourceMediaException failure = assertThrows(SourceMediaException.class, () -> builder(jobTemp).clip(corrupt)
        .build().plan(RunOptions.builder().isolation(Isolation.PROCESS).build()));
    assertEquals(corrupt, failure.file().orElseThrow());
    assertTrue(Arrays.stream(failure.getStackTrace()).anyMatch(frame -> frame.getClassName().endsWith(".ProbeCall")),
        "probed in a worker, not in the host");
    assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(), "no worker left");
    assertNothingWritten(jobTemp);
  }

  private void assertNothingWritten(Path jobTemp) throws IOException {
    assertFalse(Files.exists(dir.resolve("out.mp4")));
    try (Stream<Path> left = Files.list(jobTemp)) {
      assertEquals(0, left.count(), "planning writes no temp file");
    }
  }
}
