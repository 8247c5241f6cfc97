package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@CheckLeaks(nativeMemoryToleranceMb = 128)
class DamagedMediaTest {

  private static final SyntheticSpec SOURCE = SyntheticSpec.of(160, 120, 25, Duration.ofSeconds(2));
  private static final long FRAME_MICROS = 40_000;
  /** A Matroska-to-Matroska packet copy ends the last audio packet about 5 ms later than the original. */
  private static final double REMUX_SLACK_MICROS = 10_000;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mp4", "mkv"})
  void withGap_videoJumpsOverTheGapWhileAudioAndDurationStayWhole(String container) throws Exception {
    Path valid = SyntheticMedia.cached(SOURCE.withContainer(container));
    Decoded original = Decoded.read(valid);

    Path file = DamagedMedia.withGap(dir, valid, 0.6, 1.0);

    Decoded damaged = Decoded.read(file);
    assertTrue(file.getFileName().toString().startsWith("gap-0.6s-1s-"), file.toString());
    assertTrue(file.toString().endsWith("." + container));
    for (long timestamp : damaged.timestamps()) {
      assertTrue(timestamp < 600_000 || timestamp >= 1_000_000, "a frame at " + timestamp + " us in the gap");
    }
    List<Integer> expected = new ArrayList<>(Decoded.range(15));
    expected.addAll(Decoded.range(50).subList(25, 50));
    assertEquals(expected, damaged.frameIndexes(), "frames 15 to 24 are gone, the rest decode cleanly");
    assertEquals(original.lengthMicros(), damaged.lengthMicros(), REMUX_SLACK_MICROS, "the container keeps the full duration");
    assertEquals(original.mono().length, damaged.mono().length, "audio intact");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mp4", "mkv"})
  void endsEarly_videoStopsAtTheEndWhileAudioAndDurationGoOn(String container) throws Exception {
    Path valid = SyntheticMedia.cached(SOURCE.withContainer(container));
    Decoded original = Decoded.read(valid);

    Path file = DamagedMedia.endsEarly(dir, valid, 1.2);

    Decoded damaged = Decoded.read(file);
    assertTrue(file.getFileName().toString().startsWith("ends-early-1.2s-"), file.toString());
    long last = damaged.timestamps().get(damaged.timestamps().size() - 1);
    assertTrue(last < 1_200_000 && last >= 1_200_000 - FRAME_MICROS, "last video frame at " + last + " us");
    assertEquals(Decoded.range(30), damaged.frameIndexes());
    assertEquals(original.lengthMicros(), damaged.lengthMicros(), REMUX_SLACK_MICROS, "the container keeps the full duration");
    assertTrue(damaged.lengthMicros() >= 2_000_000 - FRAME_MICROS, "length " + damaged.lengthMicros());
    assertEquals(original.mono().length, damaged.mono().length, "audio goes on to the end");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mp4", "mkv"})
  void undecodableSpan_keepsThePacketsButNoneOfThemDecodes(String container) throws Exception {
    Path valid = SyntheticMedia.cached(SOURCE.withContainer(container));

    Path file = DamagedMedia.undecodableSpan(dir, valid, 0.6, 1.0);

    assertTrue(file.getFileName().toString().startsWith("undecodable-0.6s-1s-"), file.toString());
    assertEquals(videoPacketSizes(valid), videoPacketSizes(file), "every packet is there, same size");
    Decoded damaged = Decoded.read(file);
    int clean = 0;
    for (int i = 0; i < damaged.timestamps().size(); i++) {
      long timestamp = damaged.timestamps().get(i) - damaged.timestamps().get(0);
      int expected = (int) Math.round(timestamp / (double) FRAME_MICROS);
      boolean inSpan = expected >= 15 && expected < 25;
      if (inSpan) {
        assertNotEquals(expected, damaged.frameIndexes().get(i), "frame at " + timestamp + " us shows its picture");
      } else {
        assertEquals(expected, damaged.frameIndexes().get(i), "frame at " + timestamp + " us, outside the span");
        clean++;
      }
    }
    assertEquals(40, clean, "the 40 frames outside the span decode cleanly");
    assertEquals(original(valid).lengthMicros(), damaged.lengthMicros(), REMUX_SLACK_MICROS);
  }

  @Test
  void spans_areValidated() {
    Path valid = SyntheticMedia.cached(SOURCE);
    assertThrows(IllegalArgumentException.class, () -> DamagedMedia.withGap(dir, valid, 1.0, 1.0));
    assertThrows(IllegalArgumentException.class, () -> DamagedMedia.withGap(dir, valid, -0.5, 1.0));
    assertThrows(IllegalArgumentException.class, () -> DamagedMedia.undecodableSpan(dir, valid, 1.0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> DamagedMedia.endsEarly(dir, valid, 0));
  }

  private static Decoded original(Path file) throws Exception {
    return Decoded.read(file);
  }

  private static List<Integer> videoPacketSizes(Path file) throws Exception {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    List<Integer> sizes = new ArrayList<>();
    try {
      grabber.start();
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        int type = grabber.getFormatContext().streams(packet.stream_index()).codecpar().codec_type();
        if (type == avutil.AVMEDIA_TYPE_VIDEO) {
          sizes.add(packet.size());
        }
      }
    } finally {
      grabber.release();
    }
    return sizes;
  }
}
