package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.montage.core.policy.BatchSizing;
import dev.montage.core.policy.FfmpegTimeouts;
import dev.montage.core.policy.Hardware;
import dev.montage.core.policy.ThreadSizing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A built job is a value: nothing done to a builder, before or after, changes it. */
class MontageJobImmutabilityTest {

  @TempDir Path dir;

  private MontageBuilder twoClips() {
    return MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(4))
        .clip(dir.resolve("b.mp4"))
        .output(dir.resolve("out.mp4"));
  }

  @Test
  void build_copiesTheClips() {
    MontageBuilder builder = twoClips();
    MontageJob job = builder.build();

    builder.clip(dir.resolve("c.mp4")).size(1280, 720).output(dir.resolve("other.mkv"));

    assertEquals(2, job.clips().size());
    assertEquals(1920, job.output().width());
    assertEquals(dir.resolve("out.mp4"), job.output().path());
  }

  @Test
  void clips_unmodifiable() {
    MontageJob job = twoClips().build();
    Clip extra = Clip.whole(dir.resolve("c.mp4"));
    assertThrows(UnsupportedOperationException.class, () -> job.clips().add(extra));
    assertThrows(UnsupportedOperationException.class, () -> job.clips().remove(0));
    assertThrows(UnsupportedOperationException.class, () -> job.clips().set(0, extra));
    assertThrows(UnsupportedOperationException.class, () -> job.clips().clear());
  }

  @Test
  void clips_callerListCopied() {
    List<Clip> mine = new ArrayList<>(List.of(Clip.whole(dir.resolve("a.mp4"))));
    MontageJob job = MontageBuilder.create().clips(mine).output(dir.resolve("out.mp4")).build();

    mine.add(Clip.whole(dir.resolve("b.mp4")));
    mine.clear();

    assertEquals(List.of(Clip.whole(dir.resolve("a.mp4"))), job.clips());
  }

  @Test
  void build_neverAliasesWhatItBuilt() {
    MontageBuilder builder = twoClips();
    MontageJob first = builder.build();
    MontageJob second = builder.build();

    assertNotSame(first, second);
    assertNotSame(first.clips(), second.clips());
    assertEquals(first.clips(), second.clips());

    builder.clip(dir.resolve("c.mp4"));
    MontageJob third = builder.build();

    assertEquals(2, first.clips().size());
    assertEquals(2, second.clips().size());
    assertEquals(3, third.clips().size());
  }

  @Test
  void toBuilder_derivesAVariantWithoutChangingTheOriginal() {
    MontageJob original = twoClips().crossfade(Duration.ofMillis(500)).build();

    MontageJob variant = original.toBuilder()
        .clip(dir.resolve("c.mp4"))
        .size(1280, 720)
        .output(dir.resolve("variant.mkv"))
        .crf(30)
        .build();

    assertEquals(2, original.clips().size());
    assertEquals(1920, original.output().width());
    assertEquals(dir.resolve("out.mp4"), original.output().path());
    assertEquals(OptionalInt.empty(), original.settings().crf());

    assertEquals(3, variant.clips().size());
    assertEquals(original.clips(), variant.clips().subList(0, 2));
    assertEquals(1280, variant.output().width());
    assertEquals(Transition.crossfade(Duration.ofMillis(500)), variant.output().transition());
    assertEquals(OptionalInt.of(30), variant.settings().crf());
  }

  @Test
  void toBuilder_buildersAreIndependent() {
    MontageJob original = twoClips().build();
    MontageBuilder one = original.toBuilder().clip(dir.resolve("c.mp4"));
    MontageBuilder two = original.toBuilder();

    assertEquals(3, one.build().clips().size());
    assertEquals(2, two.build().clips().size());
    assertEquals(2, original.clips().size());
  }

  @Test
  void toBuilder_keepsEverySetting() {
    BatchSizing batches = (w, h, gb) -> 3;
    ThreadSizing threads = cpus -> 2;
    FfmpegTimeouts timeouts = (mb, w, h, gpu) -> Duration.ofMinutes(5);
    MontageJob original = twoClips()
        .size(1280, 720)
        .frameRate(25)
        .music(new MusicBed(dir.resolve("song.m4a"), 0.8, Duration.ofSeconds(1), Duration.ofSeconds(3)))
        .crossfade(Duration.ofMillis(250))
        .tempDir(dir)
        .workers(3)
        .preset("medium")
        .crf(20)
        .streamCopy(false)
        .smartCut(false)
        .batchSizing(batches)
        .threadSizing(threads)
        .timeouts(timeouts)
        .build();

    MontageJob copy = original.toBuilder().build();

    assertNotSame(original, copy);
    assertEquals(original.clips(), copy.clips());
    assertEquals(original.output(), copy.output());
    assertEquals(original.settings(), copy.settings());
    assertSame(batches, copy.settings().batchSizing());
    assertEquals(Optional.of("medium"), copy.settings().preset());
    assertEquals(OptionalInt.of(20), copy.settings().crf());
  }

  @Test
  void toBuilder_keepsQualityAndBitrate() {
    MontageJob high = twoClips().quality(Quality.HIGH).build();
    MontageJob bitrate = twoClips().videoBitrate(2_000_000).build();
    assertEquals(high.settings(), high.toBuilder().build().settings());
    assertEquals(Quality.HIGH, high.toBuilder().build().settings().quality());
    assertEquals(OptionalLong.of(2_000_000), bitrate.toBuilder().build().settings().videoBitrate());
    // the default quality was never set on the derived job: only the explicit crf conflicts
    InvalidJobException e = assertThrows(InvalidJobException.class, () -> bitrate.toBuilder().crf(18).build());
    assertEquals(List.of("quality, crf and video bitrate each choose the encoder's rate control; set at most one"
        + " but crf 18 and video bitrate 2000000 were set"), e.problems());
  }

  @Test
  void toBuilder_leavesRunOptionsBehind() {
    CancellationToken token = CancellationToken.create();
    MontageBuilder builder = twoClips()
        .hardware(new Hardware(6, 12L << 30, true))
        .onProgress(progress -> {})
        .cancellation(token)
        .segmentExecutor((tasks, parallelism, driver) -> {
          throw new AssertionError("not run");
        });
    token.cancel();
    MontageJob job = builder.build();
    // the job holds only what describes the video: equal to one built without run options
    assertEquals(twoClips().build().settings(), job.settings());
    assertEquals(twoClips().build().output(), job.output());
    assertEquals(job.settings(), job.toBuilder().build().settings());
  }

  @Test
  void defaults_asDocumented() {
    MontageJob job = twoClips().build();
    OutputSpec out = job.output();
    RenderSettings settings = job.settings();
    assertEquals(MontageBuilder.DEFAULT_WIDTH, out.width());
    assertEquals(MontageBuilder.DEFAULT_HEIGHT, out.height());
    assertEquals(MontageBuilder.DEFAULT_FRAME_RATE, out.frameRate());
    assertEquals(Transition.cut(), out.transition());
    assertEquals(null, out.music());
    assertEquals(Path.of(System.getProperty("java.io.tmpdir")), settings.tempDir());
    assertEquals(0, settings.workers());
    assertEquals(Optional.empty(), settings.preset());
    assertEquals(OptionalInt.empty(), settings.crf());
    assertEquals(OptionalLong.empty(), settings.videoBitrate());
    assertEquals(Quality.STANDARD, settings.quality());
    assertEquals("veryfast", RenderSettings.DEFAULT_PRESET);
    assertEquals(true, settings.streamCopy());
    assertEquals(true, settings.smartCut());
    assertSame(BatchSizing.DEFAULT, settings.batchSizing());
    assertSame(ThreadSizing.DEFAULT, settings.threadSizing());
    assertSame(FfmpegTimeouts.DEFAULT, settings.timeouts());
  }

  @Test
  void toString_summarisesTheJob() {
    assertEquals("MontageJob[2 clips -> " + dir.resolve("out.mp4") + " 1920x1080@30.0]",
        twoClips().build().toString());
  }
}
