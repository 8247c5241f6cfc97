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
    assertEquals(RenderSettings.DEFAULT_CRF, original.settings().crf());

    assertEquals(3, variant.clips().size());
    assertEquals(original.clips(), variant.clips().subList(0, 2));
    assertEquals(1280, variant.output().width());
    assertEquals(Duration.ofMillis(500), variant.output().crossfade());
    assertEquals(30, variant.settings().crf());
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
    Hardware hardware = new Hardware(6, 12L << 30, true);
    ProgressListener listener = progress -> {};
    CancellationToken token = CancellationToken.create();
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
        .hardware(hardware)
        .onProgress(listener)
        .cancellation(token)
        .build();

    MontageJob copy = original.toBuilder().build();

    assertNotSame(original, copy);
    assertEquals(original.clips(), copy.clips());
    assertEquals(original.output(), copy.output());
    assertEquals(original.settings(), copy.settings());
    assertSame(batches, copy.settings().batchSizing());
    assertSame(token, copy.settings().cancellation());
    assertEquals(hardware, copy.settings().effectiveHardware());
  }

  @Test
  void defaults_asDocumented() {
    MontageJob job = twoClips().build();
    OutputSpec out = job.output();
    RenderSettings settings = job.settings();
    assertEquals(MontageBuilder.DEFAULT_WIDTH, out.width());
    assertEquals(MontageBuilder.DEFAULT_HEIGHT, out.height());
    assertEquals(MontageBuilder.DEFAULT_FRAME_RATE, out.frameRate());
    assertEquals(Duration.ZERO, out.crossfade());
    assertEquals(null, out.music());
    assertEquals(Path.of(System.getProperty("java.io.tmpdir")), settings.tempDir());
    assertEquals(0, settings.workers());
    assertEquals("veryfast", settings.preset());
    assertEquals(23, settings.crf());
    assertEquals(true, settings.streamCopy());
    assertEquals(true, settings.smartCut());
    assertSame(BatchSizing.DEFAULT, settings.batchSizing());
    assertSame(ThreadSizing.DEFAULT, settings.threadSizing());
    assertSame(FfmpegTimeouts.DEFAULT, settings.timeouts());
    assertEquals(null, settings.hardware());
    assertSame(ProgressListener.NONE, settings.progress());
  }

  @Test
  void toString_summarisesTheJob() {
    assertEquals("MontageJob[2 clips -> " + dir.resolve("out.mp4") + " 1920x1080@30.0]",
        twoClips().build().toString());
  }
}
