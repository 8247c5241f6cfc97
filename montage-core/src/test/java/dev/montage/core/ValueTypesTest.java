package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.policy.Hardware;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small value types of the API: their derived values and null checks. */
class ValueTypesTest {

  private static final Path A = Path.of("a.mp4");

  @Test
  void clip_wholeRunsToTheEnd() {
    Clip clip = Clip.whole(A);
    assertEquals(Duration.ZERO, clip.in());
    assertEquals(Optional.empty(), clip.outPoint());
    assertEquals(Optional.empty(), clip.length());
  }

  @Test
  void clip_lengthIsOutMinusIn() {
    Clip clip = Clip.of(A, Duration.ofSeconds(2), Duration.ofMillis(5500));
    assertEquals(Optional.of(Duration.ofMillis(5500)), clip.outPoint());
    assertEquals(Optional.of(Duration.ofMillis(3500)), clip.length());
  }

  @Test
  void clip_nullsRejected() {
    assertEquals("source", assertThrows(NullPointerException.class, () -> Clip.whole(null)).getMessage());
    assertEquals("in", assertThrows(NullPointerException.class, () -> new Clip(A, null, null)).getMessage());
    assertEquals("out", assertThrows(NullPointerException.class, () -> Clip.of(A, Duration.ZERO, null)).getMessage());
  }

  @Test
  void clip_toStringInSeconds() {
    assertEquals("a.mp4@2.0s-5.5s", Clip.of(A, Duration.ofSeconds(2), Duration.ofMillis(5500)).toString());
    assertEquals("a.mp4@0.0s-end", Clip.whole(A).toString());
  }

  @Test
  void clip_toStringOfAbsurdPointsDoesNotOverflow() {
    Clip clip = new Clip(A, Duration.ofSeconds(Long.MAX_VALUE), null);
    assertTrue(clip.toString().startsWith("a.mp4@9.2"), clip.toString());
  }

  @Test
  void outputSpec_containerFromTheExtension() {
    assertEquals("mp4", spec(Path.of("dir", "out.mp4")).container());
    assertEquals("mkv", spec(Path.of("OUT.MKV")).container());
    assertEquals("mov", spec(Path.of("my.video.mov")).container());
    assertEquals("", spec(Path.of("montage")).container());
    assertEquals("", spec(Path.of("trailing.")).container());
  }

  @Test
  void outputSpec_musicBedOptional() {
    assertEquals(Optional.empty(), spec(A).musicBed());
    MusicBed music = MusicBed.of(Path.of("song.m4a"));
    OutputSpec withMusic = new OutputSpec(Path.of("out.mp4"), 2, 2, 1, music, Transition.cut());
    assertEquals(Optional.of(music), withMusic.musicBed());
  }

  @Test
  void musicBed_defaults() {
    MusicBed music = MusicBed.of(Path.of("song.m4a"));
    assertEquals(MusicBed.DEFAULT_VOLUME, music.volume());
    assertEquals(Duration.ofSeconds(2), music.fadeIn());
    assertEquals(Duration.ofSeconds(2), music.fadeOut());
  }

  @Test
  void progress_fraction() {
    assertEquals(0.25, new Progress(25, 100, 1, 4, null).fraction());
    assertEquals(0.0, new Progress(5, 0, 1, 1, null).fraction());
    assertEquals(1.0, new Progress(120, 100, 4, 4, null).fraction());
  }

  @Test
  void progress_timeLeftOptional() {
    assertEquals(Optional.empty(), new Progress(0, 100, 1, 4, null).timeLeft());
    assertEquals(Optional.of(Duration.ofSeconds(3)), new Progress(50, 100, 2, 4, Duration.ofSeconds(3)).timeLeft());
  }

  private static final RenderResult.Audio ENCODED =
      new RenderResult.Audio(false, "AAC", 48_000, 2, "the video is re-encoded");

  @Test
  void renderResult_audioInWords() {
    assertEquals("AAC 44100 Hz mono, copied: same AAC everywhere",
        new RenderResult.Audio(true, "AAC", 44_100, 1, "same AAC everywhere").describe());
    assertEquals("AAC 48000 Hz stereo, encoded: the video is re-encoded", ENCODED.describe());
    assertThrows(IllegalArgumentException.class, () -> new RenderResult.Audio(true, "AAC", 0, 2, "x"));
  }

  @Test
  void renderResult_framesPerSecond() {
    RenderResult result = new RenderResult(Path.of("out.mp4"), Duration.ofSeconds(10), 300,
        Duration.ofSeconds(5), 1, "libx264", RenderResult.RenderMode.REENCODE, ENCODED, List.of());
    assertEquals(60.0, result.framesPerSecond());
  }

  @Test
  void renderResult_instantRenderHasZeroSpeed() {
    RenderResult result = new RenderResult(Path.of("out.mp4"), Duration.ZERO, 0, Duration.ZERO, 1,
        "libopenh264", RenderResult.RenderMode.STREAM_COPY, ENCODED, List.of());
    assertEquals(0.0, result.framesPerSecond());
  }

  @Test
  void cancellationToken_oneShot() {
    CancellationToken token = CancellationToken.create();
    assertFalse(token.isCancelled());
    token.cancel();
    token.cancel();
    assertTrue(token.isCancelled());
    assertFalse(CancellationToken.create().isCancelled());
  }

  @Test
  void renderResult_warningsAreCopied() {
    List<String> warnings = new ArrayList<>(List.of("crf 20 ignored"));
    RenderResult result = new RenderResult(Path.of("out.mp4"), Duration.ZERO, 0, Duration.ZERO, 1,
        "libopenh264", RenderResult.RenderMode.REENCODE, ENCODED, warnings);
    warnings.clear();
    assertEquals(List.of("crf 20 ignored"), result.warnings());
    assertThrows(UnsupportedOperationException.class, () -> result.warnings().add("more"));
  }

  @Test
  void cancellationToken_linkedFollowsItsParentButNeverCancelsIt() {
    CancellationToken parent = CancellationToken.create();
    CancellationToken child = CancellationToken.linkedTo(parent);
    child.cancel();
    assertTrue(child.isCancelled());
    assertFalse(parent.isCancelled());
    CancellationToken other = CancellationToken.linkedTo(parent);
    parent.cancel();
    assertTrue(other.isCancelled());
    assertFalse(CancellationToken.linkedTo(null).isCancelled());
  }

  @Test
  void runOptions_defaults() {
    RunOptions options = RunOptions.defaults();
    assertSame(ProgressListener.NONE, options.progressListener());
    assertEquals(Optional.empty(), options.cancellation());
    assertEquals(Optional.empty(), options.segmentExecutor());
    assertEquals(Optional.empty(), options.hardware());
  }

  @Test
  void runOptions_toBuilderCopiesAndNeverAliases() {
    Hardware hardware = new Hardware(2, 1L << 30, false);
    CancellationToken token = CancellationToken.create();
    ProgressListener listener = progress -> {};
    RunOptions options = RunOptions.builder().hardware(hardware).cancellation(token).progressListener(listener).build();
    RunOptions.Builder derived = options.toBuilder();
    RunOptions other = derived.hardware(new Hardware(8, 1L << 34, true)).build();
    assertEquals(Optional.of(hardware), options.hardware());
    assertEquals(Optional.of(token), options.cancellation());
    assertSame(listener, options.progressListener());
    assertEquals(Optional.of(token), other.cancellation());
    assertEquals(8, other.hardware().orElseThrow().cpus());
  }

  @Test
  void musicBed_gainInDecibels() {
    MusicBed music = MusicBed.of(Path.of("song.m4a"));
    assertEquals(1.0, music.withGainDb(0).volume(), 1e-12);
    assertEquals(0.5011872336, music.withGainDb(-6).volume(), 1e-9);
    assertEquals(2.0, music.withGainDb(20 * Math.log10(2)).volume(), 1e-12);
    assertEquals(-6.0206, music.gainDb(), 1e-4);
    assertEquals(-12.0, music.withGainDb(-12).gainDb(), 1e-9);
    assertEquals(music.fadeIn(), music.withGainDb(-3).fadeIn());
    assertEquals(music.source(), music.withGainDb(-3).source());
    assertEquals(Duration.ZERO, music.withFades(Duration.ZERO, Duration.ofSeconds(1)).fadeIn());
  }

  @Test
  void quality_tableAsDocumented() {
    assertEquals(23, Quality.STANDARD.x264Crf());
    assertEquals(28, Quality.STANDARD.x265Crf());
    assertEquals(6_220_800, Quality.STANDARD.bitrate(1920, 1080, 30));
    assertEquals(3_110_400, Quality.LOW.bitrate(1920, 1080, 30));
    assertEquals(9_331_200, Quality.HIGH.bitrate(1920, 1080, 30));
    assertEquals(15_552_000, Quality.VERY_HIGH.bitrate(1920, 1080, 30));
    assertEquals(List.of(28, 23, 20, 17),
        java.util.Arrays.stream(Quality.values()).map(Quality::x264Crf).toList());
  }

  private static OutputSpec spec(Path path) {
    return new OutputSpec(path, 1920, 1080, 30, null, Transition.cut());
  }

}
