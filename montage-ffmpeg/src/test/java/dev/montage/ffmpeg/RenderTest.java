package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders real montages from synthetic sources and checks them by decoding the output. */
@CheckLeaks
class RenderTest {

  static final Hardware SMALL_MACHINE = new Hardware(2, 8L << 30, false);
  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  static Path source(int width, int height, double fps, double seconds, int toneHz) {
    return SyntheticMedia.cached(SyntheticSpec.of(width, height, fps, Duration.ofMillis(Math.round(seconds * 1000)))
        .withToneHz(toneHz));
  }

  MontageBuilder builder(int width, int height, double fps) {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(width, height).frameRate(fps)
        .tempDir(jobTemp).hardware(SMALL_MACHINE);
  }

  @Test
  void render_twoClipsHardCut() throws Exception {
    Path a = source(160, 120, 30, 3, 440);
    Path b = source(160, 120, 30, 3, 880);
    RenderResult result = builder(160, 120, 30)
        .clip(a, Duration.ofMillis(1000), Duration.ofMillis(2000))
        .clip(b, Duration.ofMillis(500), Duration.ofMillis(1500))
        .render();
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals("h264", out.videoCodec());
    assertEquals("aac", out.audioCodec());
    assertEquals(160, out.width());
    assertEquals(120, out.height());
    assertEquals(30.0, out.fps(), 0.01);
    assertEquals(60, out.frameCount());
    assertEquals(60, result.frameCount());
    assertEquals(2.0, out.audioSeconds(), 1.0 / 30);
    // Frame-accurate: first frame shown is the one at the in point, every frame follows in order.
    for (int k = 0; k < 30; k++) {
      assertEquals(30 + k, out.frameIndexes().get(k), "output frame " + k);
      assertEquals(15 + k, out.frameIndexes().get(30 + k), "output frame " + (30 + k));
    }
    // Audio in sync: the first clip's tone up to 1 s, the second's after.
    assertEquals(440, out.toneAt(0.2, 0.6), 15);
    assertEquals(880, out.toneAt(1.2, 0.6), 25);
  }

  @Test
  void render_convertsFrameRateByTimestamps() throws Exception {
    Path a = source(160, 120, 25, 2, 440);
    RenderResult result = builder(160, 120, 30).clip(a, Duration.ZERO, Duration.ofMillis(2000)).render();
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(60, out.frameCount());
    for (int k = 0; k < 60; k++) {
      // Output frame k at k/30 s shows the latest 25 fps source frame at or before it.
      assertEquals((int) Math.floor(k * 25 / 30.0 + 1e-9), out.frameIndexes().get(k), "output frame " + k);
    }
  }

  @Test
  void render_crossfadeBlendsAcrossSegmentBoundary() throws Exception {
    Path a = source(160, 120, 30, 2, 440);
    Path b = source(160, 120, 30, 2, 880);
    RenderResult result = builder(160, 120, 30)
        .clip(a, Duration.ZERO, Duration.ofMillis(1000))
        .clip(b, Duration.ZERO, Duration.ofMillis(1000))
        .clip(a, Duration.ofMillis(1000), Duration.ofMillis(2000))
        .crossfade(Duration.ofMillis(200))
        .batchSizing((w, h, memory) -> 1)
        .render();
    assertEquals(3, result.segments());
    DecodedVideo out = DecodedVideo.of(result.output());
    // 3 x 30 frames minus 2 crossfades of 6 frames.
    assertEquals(78, out.frameCount());
    assertEquals(2.6, out.audioSeconds(), 1.0 / 30);
    // Before the first crossfade: clip a alone, frames 0..23.
    for (int k = 0; k < 24; k++) {
      assertEquals(k, out.frameIndexes().get(k), "output frame " + k);
    }
    // Inside the crossfades the barcode is a blend of two pictures: unreadable.
    assertEquals(-1, out.frameIndexes().get(26));
    assertEquals(-1, out.frameIndexes().get(50));
    // After the first crossfade clip b shows its own frames from 6 on.
    assertEquals(6, out.frameIndexes().get(30));
    // The third clip (a from 1 s) starts at output frame 48 and shows alone from 54: frame 60 is its 12th.
    assertEquals(42, out.frameIndexes().get(60));
  }

  @Test
  void render_letterboxesOtherAspectAndHonoursRotation() throws Exception {
    Path wide = source(320, 120, 30, 1, 440);
    Path turned = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(1)).withRotation(90));
    RenderResult result = builder(160, 120, 30).clip(wide).clip(turned).render();
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(160, out.width());
    assertEquals(120, out.height());
    assertEquals(60, out.frameCount());
    // Letterboxed wide source still carries its barcode across the picture.
    assertEquals(0, out.frameIndexes().get(0));
    assertEquals(29, out.frameIndexes().get(29));
  }

  @Test
  void render_fiftyClipsFromFiveSources() throws Exception {
    List<Path> sources = List.of(source(160, 120, 30, 3, 300), source(160, 120, 25, 3, 500),
        source(160, 120, 30, 3, 700), source(160, 120, 24, 3, 900), source(160, 120, 30, 3, 1100));
    MontageBuilder builder = builder(160, 120, 30).batchSizing((w, h, memory) -> 10);
    long expectedMicros = 0;
    for (int i = 0; i < 50; i++) {
      long in = (i * 137L) % 2000;
      long length = 100 + (i * 53L) % 400;
      builder.clip(sources.get(i % 5), Duration.ofMillis(in), Duration.ofMillis(in + length));
      expectedMicros += length * 1000;
    }
    RenderResult result = builder.render();
    assertEquals(5, result.segments());
    DecodedVideo out = DecodedVideo.of(result.output());
    long expectedFrames = Math.round(expectedMicros * 30 / 1e6);
    assertEquals(expectedFrames, out.frameCount(), 1);
    assertEquals(expectedMicros / 1e6, out.audioSeconds(), 1.0 / 30);
    assertFalse(out.frameIndexes().isEmpty());
    assertTrue(result.wallTime().toNanos() > 0);
  }

  @Test
  void render_toMatroskaAndMov() throws Exception {
    Path a = source(160, 120, 30, 2, 440);
    for (String container : List.of("mkv", "mov")) {
      RenderResult result = builder(160, 120, 30).output(dir.resolve("out." + container))
          .clip(a, Duration.ZERO, Duration.ofMillis(1500)).render();
      DecodedVideo out = DecodedVideo.of(result.output());
      assertEquals(45, out.frameCount(), container);
      // Matroska keeps the AAC encoder's priming and padding (about 1024 samples each end) in the
      // decoded stream where MP4 trims them with an edit list: allow two AAC frames there.
      assertEquals(1.5, out.audioSeconds(), container.equals("mkv") ? 2 * 1024 / 48000.0 : 1.0 / 30, container);
    }
  }

  @Test
  void render_sourceStartingLate_countsInPointsFromItsStart_soundInStep() throws Exception {
    // Stream-copied files, MPEG-TS captures and edit lists start later than 0; JavaCV seeks
    // relative to the start but stamps frames absolutely.
    Path late = StartOffset.copy(source(160, 120, 30, 3, 440), dir.resolve("late.mp4"), 500_000);
    RenderResult result = builder(160, 120, 30)
        .clip(late, Duration.ofMillis(710), Duration.ofMillis(1710))
        .render();
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(30, out.frameCount());
    for (int k = 0; k < 30; k++) {
      assertEquals(21 + k, out.frameIndexes().get(k), "frame " + k);
    }
    // Sound from the first frame on, not after half a second of padding, and in step: the source
    // clicks at every whole second, here 0.29 s into the output.
    assertEquals(440, out.toneAt(0.03, 0.2), 15);
    assertTrue(out.rmsAt(0.27, 0.05) > 1.4 * out.rmsAt(0.1, 0.05), "click of source second 1 at 0.29 s");
  }

  @Test
  void render_mixesMusicUnderClips() throws Exception {
    Path silent = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)).withAudio(false));
    Path music = source(160, 120, 30, 1, 1500);
    RenderResult result = builder(160, 120, 30)
        .clip(silent)
        .music(new dev.montage.core.MusicBed(music, 1.0, Duration.ofMillis(200), Duration.ofMillis(200)))
        .render();
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(2.0, out.audioSeconds(), 1.0 / 30);
    // Music loops under the silent clip: its tone is there in both halves, quieter in the fades.
    assertEquals(1500, out.toneAt(0.3, 0.5), 40);
    assertEquals(1500, out.toneAt(1.2, 0.5), 40);
    assertTrue(out.rmsAt(0.0, 0.05) < out.rmsAt(0.5, 0.2), "fade-in");
  }
}
