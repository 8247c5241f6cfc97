package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@CheckLeaks(nativeMemoryToleranceMb = 128)
class SyntheticMediaTest {

  private static final SyntheticSpec SMALL = SyntheticSpec.of(160, 120, 30, Duration.ofMillis(1500));

  @TempDir Path dir;

  @Test
  void write_roundTripsSizeRateDurationAndAudio() throws Exception {
    Path file = SyntheticMedia.write(dir.resolve("small.mp4"), SMALL);

    Decoded decoded = Decoded.read(file);
    assertEquals(160, decoded.width());
    assertEquals(120, decoded.height());
    assertEquals(30.0, decoded.frameRate(), 0.01);
    assertEquals(1_500_000, decoded.lengthMicros(), 1_000_000 / 30.0, "length within one frame");
    assertEquals("mpeg4", decoded.videoCodec());
    assertEquals(2, decoded.audioChannels());
    assertEquals(48_000, decoded.sampleRate());
    assertEquals(45, SMALL.frameCount());
  }

  @Test
  void write_barcodeReadsEveryIndexInOrder() throws Exception {
    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("small.mp4"), SMALL));

    assertEquals(Decoded.range(45), decoded.frameIndexes());
  }

  @Test
  void write_flashesOnTheFirstFrameOfEverySecond() throws Exception {
    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("small.mp4"), SMALL));

    assertEquals(List.of(0, 30), decoded.flashFrames());
  }

  @Test
  void write_flashFollowsFractionalRates() throws Exception {
    SyntheticSpec ntsc = SyntheticSpec.of(96, 64, 29.97, Duration.ofMillis(2100)).withAudio(false);

    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("ntsc.mp4"), ntsc));

    // 29.97 fps: frame 29 is at 0.968 s, frame 30 at 1.001 s, frame 59 at 1.969 s, frame 60 at 2.002 s.
    assertEquals(List.of(0, 30, 60), decoded.flashFrames());
    assertEquals(29.97, decoded.frameRate(), 0.01);
  }

  @Test
  void write_audioIsTheToneWithAClickAtEverySecond() throws Exception {
    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("small.mp4"), SMALL));

    assertEquals(440, SyntheticMedia.toneFrequency(decoded.audio(0.1, 0.9), 48_000), 440 * 0.01);
    assertTrue(peak(decoded.audio(0.995, 1.015)) > 0.8 * Short.MAX_VALUE, "click at 1 s");
    assertTrue(peak(decoded.audio(0.5, 0.98)) < 0.4 * Short.MAX_VALUE, "no click between seconds");
  }

  @Test
  void withToneHz_tellsSourcesApartByEar() throws Exception {
    SyntheticSpec high = SyntheticSpec.of(64, 48, 25, Duration.ofMillis(800)).withToneHz(1500);

    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("high.mp4"), high));

    assertEquals(1500, SyntheticMedia.toneFrequency(decoded.audio(0.1, 0.7), 48_000), 1500 * 0.01);
  }

  @Test
  void withAudio_falseWritesNoAudioStream() throws Exception {
    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("mute.mp4"), SMALL.withAudio(false)));

    assertEquals(0, decoded.audioChannels());
    assertEquals(0, decoded.mono().length);
  }

  @Test
  void withRotation_90IsStoredLikeAPhonesPortraitVideo() throws Exception {
    Path file = SyntheticMedia.write(dir.resolve("portrait.mp4"),
        SyntheticSpec.of(64, 48, 25, Duration.ofMillis(200)).withAudio(false).withRotation(90));

    // tkhd matrix {a b u / c d v / x y w} in 16.16; a phone's portrait video stores a=0 b=1 c=-1 d=0.
    assertEquals(List.of(0, 1, -1, 0), tkhdRotation(Files.readAllBytes(file)));
    assertEquals(-90, Math.round(Decoded.read(file).rotation()));
  }

  @ParameterizedTest
  @ValueSource(ints = {90, 180, 270})
  void withRotation_isReadBackAsCounterClockwiseDisplayRotation(int degrees) throws Exception {
    SyntheticSpec rotated = SyntheticSpec.of(64, 48, 25, Duration.ofMillis(200)).withRotation(degrees);

    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("rotated.mp4"), rotated));

    assertEquals(Math.floorMod(-degrees, 360), Math.floorMod(Math.round(decoded.rotation()), 360));
    assertEquals(64, decoded.width(), "the stored picture is not turned");
  }

  @Test
  void withCodec_libopenh264WritesReadableH264() throws Exception {
    SyntheticSpec h264 = SyntheticSpec.of(160, 120, 25, Duration.ofMillis(600)).withCodec("libopenh264");

    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("h264.mp4"), h264));

    assertEquals("h264", decoded.videoCodec());
    assertEquals(Decoded.range(15), decoded.frameIndexes());
  }

  @Test
  void withCodec_unknownEncoderFailsNamingFileAndCodec() {
    Path file = dir.resolve("x264.mp4");

    SyntheticMediaException error = assertThrows(SyntheticMediaException.class,
        () -> SyntheticMedia.write(file, SMALL.withCodec("libx264-not-here")));

    assertEquals(file, error.file());
    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    assertTrue(error.getMessage().contains("libx264-not-here"), error.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void write_intoAFileInsteadOfADirectoryFailsNamingTheFile() throws Exception {
    Path notADirectory = Files.write(dir.resolve("plain"), new byte[] {1});
    Path file = notADirectory.resolve("video.mp4");

    SyntheticMediaException error = assertThrows(SyntheticMediaException.class, () -> SyntheticMedia.write(file, SMALL));

    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
  }

  @Test
  void withVariableFrameRate_jittersTimestampsButKeepsEveryFrame() throws Exception {
    SyntheticSpec vfr = SMALL.withVariableFrameRate(true).withAudio(false);

    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("vfr.mp4"), vfr));

    assertEquals(Decoded.range(45), decoded.frameIndexes());
    Set<Long> gaps = new HashSet<>();
    for (int i = 1; i < decoded.timestamps().size(); i++) {
      long gap = decoded.timestamps().get(i) - decoded.timestamps().get(i - 1);
      assertTrue(gap > 0, "timestamps increase");
      gaps.add(Math.round(gap / 1000.0));
    }
    assertTrue(gaps.size() > 1, "uneven frame durations, got " + gaps);
    long last = decoded.timestamps().get(44);
    assertEquals(44 * 1_000_000 / 30.0, last, 1_000_000 / 30.0 / 4 + 1000, "jitter of at most a quarter frame");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mov", "mkv", "m4v"})
  void withContainer_writesThatContainerWithTheRightLength(String container) throws Exception {
    SyntheticSpec spec = SyntheticSpec.of(96, 64, 25, Duration.ofMillis(1000)).withContainer(container);

    Path file = SyntheticMedia.write(dir.resolve("video." + container), spec);

    Decoded decoded = Decoded.read(file);
    assertEquals(Decoded.range(25), decoded.frameIndexes());
    assertEquals(1_000_000, decoded.lengthMicros(), 1_000_000 / 25.0, "length within one frame");
    assertEquals(2, decoded.audioChannels());
    assertFalse(Files.exists(dir.resolve("video." + container + ".remux-source.mp4")), "intermediate removed");
  }

  @ParameterizedTest
  @CsvSource({"mkv, libopenh264, libopus, opus", "mov, libopenh264, pcm_s16le, pcm_s16le",
      "ts, mpeg2video, mp2, mp2", "avi, mjpeg, libmp3lame, mp3float", "webm, libvpx-vp9, libopus, opus"})
  void withAudioCodec_writesThatCodecInThatContainer(String container, String video, String audio,
      String decoder) throws Exception {
    SyntheticSpec spec = SyntheticSpec.of(96, 64, 25, Duration.ofMillis(1000))
        .withContainer(container).withCodec(video).withAudioCodec(audio);

    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("video." + container), spec));

    assertEquals(Decoded.range(25), decoded.frameIndexes());
    assertEquals(decoder, decoded.audioCodec());
    assertEquals(440, SyntheticMedia.toneFrequency(decoded.audio(0.1, 0.9), 48_000), 440 * 0.02);
  }

  @ParameterizedTest
  @CsvSource({"44100, 2", "48000, 1", "22050, 1"})
  void withAudioFormat_writesThatRateAndChannelCount(int sampleRate, int channels) throws Exception {
    SyntheticSpec spec = SyntheticSpec.of(96, 64, 25, Duration.ofMillis(1000)).withAudioFormat(sampleRate, channels);

    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("video.mp4"), spec));

    assertEquals(Decoded.range(25), decoded.frameIndexes());
    assertEquals(sampleRate, decoded.sampleRate());
    assertEquals(channels, decoded.audioChannels());
    assertEquals(440, SyntheticMedia.toneFrequency(decoded.audio(0.1, 0.9), sampleRate), 440 * 0.02);
  }

  @Test
  void spec_refusesAudioFormatsOutOfRange() {
    SyntheticSpec spec = SyntheticSpec.of(96, 64, 25, Duration.ofMillis(1000));
    assertThrows(IllegalArgumentException.class, () -> spec.withAudioFormat(4000, 2));
    assertThrows(IllegalArgumentException.class, () -> spec.withAudioFormat(48_000, 0));
  }

  @Test
  void write_evenButNotMod16SizeIsKept() throws Exception {
    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("odd.mp4"),
        SyntheticSpec.of(642, 362, 25, Duration.ofMillis(200)).withAudio(false)));

    assertEquals(642, decoded.width());
    assertEquals(362, decoded.height());
    assertEquals(Decoded.range(5), decoded.frameIndexes());
  }

  @Test
  void write_oddWidthIsRoundedUpWithAspectKept() throws Exception {
    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("odd.mp4"),
        SyntheticSpec.of(641, 361, 25, Duration.ofMillis(200)).withAudio(false)));

    assertEquals(642, decoded.width());
    assertEquals(362, decoded.height());
    assertEquals(Decoded.range(5), decoded.frameIndexes());
  }

  @Test
  void write_oddHeightIsKept() throws Exception {
    Decoded decoded = Decoded.read(SyntheticMedia.write(dir.resolve("odd.mp4"),
        SyntheticSpec.of(640, 361, 25, Duration.ofMillis(200)).withAudio(false)));

    assertEquals(361, decoded.height());
    assertEquals(Decoded.range(5), decoded.frameIndexes());
  }

  @Test
  void write_4kOfAFifthOfASecondIsQuick() throws Exception {
    long start = System.nanoTime();
    Path file = SyntheticMedia.write(dir.resolve("4k.mp4"),
        SyntheticSpec.of(3840, 2160, 30, Duration.ofMillis(200)).withAudio(false));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    Decoded decoded = Decoded.read(file);
    assertEquals(3840, decoded.width());
    assertEquals(Decoded.range(6), decoded.frameIndexes());
    assertEquals(List.of(0), decoded.flashFrames());
    assertTrue(millis < 15_000, "4K write took " + millis + " ms");
  }

  @Test
  @CheckLeaks(nativeMemoryToleranceMb = 256)
  void write_8kOfAFifthOfASecondTakesSecondsNotMinutes() throws Exception {
    long start = System.nanoTime();
    Path file = SyntheticMedia.write(dir.resolve("8k.mp4"), SyntheticSpec.of(7680, 4320, 30, Duration.ofMillis(200)));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    try {
      grabber.start();
      assertEquals(7680, grabber.getImageWidth());
      assertEquals(4320, grabber.getImageHeight());
      Frame first = grabber.grabImage();
      assertEquals(0, SyntheticMedia.readFrameIndex(first));
      assertTrue(SyntheticMedia.isFlash(first));
    } finally {
      grabber.release();
    }
    assertTrue(millis < 30_000, "8K write took " + millis + " ms");
  }

  @Test
  void readFrameIndex_survivesDownscalingLetterboxAndPillarbox() throws Exception {
    Path file = SyntheticMedia.write(dir.resolve("small.mp4"), SMALL.withAudio(false));
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    try {
      grabber.setImageWidth(64);
      grabber.setImageHeight(48);
      grabber.start();
      for (int i = 0; i < 31; i++) {
        Frame frame = grabber.grabImage();
        assertEquals(i, SyntheticMedia.readFrameIndex(frame), "scaled frame " + i);
        assertEquals(i == 0 || i == 30, SyntheticMedia.isFlash(frame), "flash " + i);
        try (Frame letterboxed = padded(frame, 64, 80); Frame pillarboxed = padded(frame, 120, 48)) {
          assertEquals(i, SyntheticMedia.readFrameIndex(letterboxed), "letterboxed frame " + i);
          assertEquals(i, SyntheticMedia.readFrameIndex(pillarboxed), "pillarboxed frame " + i);
          assertEquals(i == 0 || i == 30, SyntheticMedia.isFlash(pillarboxed), "pillarboxed flash " + i);
        }
      }
    } finally {
      grabber.release();
    }
  }

  @Test
  void readFrameIndex_isMinusOneForPicturesWithoutABarcode() {
    try (Frame black = solid(64, 48, 0); Frame grey = solid(64, 48, 128); Frame white = solid(64, 48, 255)) {
      assertEquals(-1, SyntheticMedia.readFrameIndex(black));
      assertEquals(-1, SyntheticMedia.readFrameIndex(grey));
      assertEquals(-1, SyntheticMedia.readFrameIndex(new Frame()));
      assertFalse(SyntheticMedia.isFlash(black));
      assertFalse(SyntheticMedia.isFlash(grey));
      assertEquals(4095, SyntheticMedia.readFrameIndex(white), "all bars white is the largest index");
    }
  }

  @Test
  void toneFrequency_estimatesPureTonesAndSilence() {
    assertEquals(440, SyntheticMedia.toneFrequency(sine(440, 4800), 48_000), 0.5);
    assertEquals(1000, SyntheticMedia.toneFrequency(sine(1000, 4800), 48_000), 1);
    assertEquals(60, SyntheticMedia.toneFrequency(sine(60, 48_000), 48_000), 0.5);
    assertEquals(0, SyntheticMedia.toneFrequency(new short[4800], 48_000));
    short[] stereo = new short[9600];
    short[] left = sine(700, 4800);
    for (int i = 0; i < left.length; i++) {
      stereo[2 * i] = left[i];
      stereo[2 * i + 1] = (short) (i % 7);
    }
    assertEquals(700, SyntheticMedia.toneFrequency(stereo, 2, 48_000), 1);
  }

  @Test
  void cached_sameSpecGivesSameFileOnceAcrossThreads() throws Exception {
    SyntheticSpec spec = SyntheticSpec.of(48, 32, 10, Duration.ofMillis(300)).withSeed(1234);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Path>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> SyntheticMedia.cached(spec));
      }
      Set<Path> paths = new HashSet<>();
      for (Future<Path> result : pool.invokeAll(calls)) {
        paths.add(result.get());
      }
      assertEquals(1, paths.size());
      Path file = paths.iterator().next();
      assertTrue(Files.size(file) > 0);
      assertTrue(file.getFileName().toString().startsWith("48x32-10fps-300ms"));
      assertTrue(file.getParent().getFileName().toString().startsWith("montage-testkit-cache-"));
      assertNotEquals(file, SyntheticMedia.cached(spec.withSeed(4321)));
      try (var entries = Files.list(file.getParent())) {
        assertTrue(entries.noneMatch(entry -> entry.getFileName().toString().startsWith("partial-")));
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void spec_rejectsValuesOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.of(8, 8, 30, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.of(64, 48, 0, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.of(64, 48, 30, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> SMALL.withRotation(45));
    assertThrows(IllegalArgumentException.class, () -> SMALL.withToneHz(30_000));
    assertThrows(IllegalArgumentException.class, () -> SMALL.withContainer("../mp4"));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> SyntheticSpec.of(64, 48, 500, Duration.ofSeconds(1)));
    assertTrue(error.getMessage().contains("500.0"), error.getMessage());
  }

  @Test
  void spec_fileNameDiffersWheneverTheSpecDiffers() {
    Set<String> names = new HashSet<>(List.of(
        SMALL.fileName(), SMALL.withAudio(false).fileName(), SMALL.withRotation(90).fileName(),
        SMALL.withCodec("libopenh264").fileName(), SMALL.withToneHz(441).fileName(),
        SMALL.withVariableFrameRate(true).fileName(), SMALL.withContainer("mkv").fileName(),
        SMALL.withSeed(1).fileName(), SMALL.withAudioCodec("libopus").fileName(),
        SMALL.withAudioFormat(44_100, 2).fileName(), SMALL.withAudioFormat(48_000, 1).fileName(),
        SMALL.withVideoOptions(java.util.Map.of("profile", "main")).fileName(),
        SyntheticSpec.of(160, 120, 29.97, Duration.ofMillis(1500)).fileName(),
        SyntheticSpec.of(160, 120, 30, Duration.ofNanos(1_500_000_500L)).fileName()));

    assertEquals(14, names.size(), names.toString());
    assertEquals(SMALL.fileName(), SyntheticSpec.of(160, 120, 30, Duration.ofMillis(1500)).fileName());
  }

  /** a, b, c, d of the first (video) track's tkhd matrix, rounded to integers. */
  private static List<Integer> tkhdRotation(byte[] mp4) {
    ByteBuffer data = ByteBuffer.wrap(mp4);
    for (int i = 0; i + 4 < mp4.length; i++) {
      if (mp4[i] == 't' && mp4[i + 1] == 'k' && mp4[i + 2] == 'h' && mp4[i + 3] == 'd' && mp4[i + 4] == 0) {
        int matrix = i + 4 + 40;
        return List.of(data.getInt(matrix) >> 16, data.getInt(matrix + 4) >> 16,
            data.getInt(matrix + 12) >> 16, data.getInt(matrix + 16) >> 16);
      }
    }
    throw new AssertionError("no version-0 tkhd box");
  }

  private static double peak(short[] samples) {
    int peak = 0;
    for (short sample : samples) {
      peak = Math.max(peak, Math.abs(sample));
    }
    return peak;
  }

  private static short[] sine(double hz, int count) {
    short[] samples = new short[count];
    for (int i = 0; i < count; i++) {
      samples[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / 48_000));
    }
    return samples;
  }

  /** {@code frame} centred in a black BGR frame of {@code width x height}. */
  private static Frame padded(Frame frame, int width, int height) {
    Frame target = solid(width, height, 0);
    ByteBuffer from = (ByteBuffer) frame.image[0];
    ByteBuffer to = (ByteBuffer) target.image[0];
    int left = (width - frame.imageWidth) / 2;
    int top = (height - frame.imageHeight) / 2;
    for (int y = 0; y < frame.imageHeight; y++) {
      for (int x = 0; x < frame.imageWidth * 3; x++) {
        to.put((top + y) * target.imageStride + left * 3 + x, from.get(y * frame.imageStride + x));
      }
    }
    return target;
  }

  private static Frame solid(int width, int height, int value) {
    Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    ByteBuffer pixels = (ByteBuffer) frame.image[0];
    for (int i = 0; i < pixels.capacity(); i++) {
      pixels.put(i, (byte) value);
    }
    return frame;
  }
}
