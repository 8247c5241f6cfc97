package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@CheckLeaks(nativeMemoryToleranceMb = 128)
class DamagedMediaTest {

  /** 1.2 s at 25 fps, keyframes at 0 and 1 s: the damage below ends on the second keyframe. */
  private static final int FRAMES = 30;
  private static final long FRAME_MICROS = 40_000;
  /** A Matroska-to-Matroska packet copy ends the last audio packet up to 16 ms later than the original. */
  private static final double REMUX_SLACK_MICROS = FRAME_MICROS / 2.0;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = FuzzContainer.class, names = {"MP4", "MOV", "MKV", "WEBM"})
  void withGap_videoJumpsOverTheGapWhileAudioAndDurationStayWhole(FuzzContainer container) throws Exception {
    Path valid = FuzzCorpus.source(container);
    Decoded original = Decoded.read(valid);

    Path file = DamagedMedia.withGap(dir, valid, 0.6, 1.0);

    Decoded damaged = Decoded.read(file);
    assertTrue(file.getFileName().toString().startsWith("gap-0.6s-1s-"), file.toString());
    assertTrue(file.toString().endsWith("." + container.extension()));
    for (long timestamp : damaged.timestamps()) {
      assertTrue(timestamp < 600_000 || timestamp >= 1_000_000, "a frame at " + timestamp + " us in the gap");
    }
    List<Integer> expected = new ArrayList<>(Decoded.range(15));
    expected.addAll(Decoded.range(FRAMES).subList(25, FRAMES));
    assertEquals(expected, damaged.frameIndexes(), "frames 15 to 24 are gone, the rest decode cleanly");
    assertEquals(original.lengthMicros(), damaged.lengthMicros(), REMUX_SLACK_MICROS, "the container keeps the full duration");
    assertEquals(original.mono().length, damaged.mono().length, "audio intact");
  }

  @ParameterizedTest
  @EnumSource(value = FuzzContainer.class, names = {"MP4", "MOV", "MKV", "WEBM"})
  void endsEarly_videoStopsAtTheEndWhileAudioAndDurationGoOn(FuzzContainer container) throws Exception {
    Path valid = FuzzCorpus.source(container);
    Decoded original = Decoded.read(valid);

    Path file = DamagedMedia.endsEarly(dir, valid, 0.8);

    Decoded damaged = Decoded.read(file);
    assertTrue(file.getFileName().toString().startsWith("ends-early-0.8s-"), file.toString());
    long last = damaged.timestamps().get(damaged.timestamps().size() - 1);
    assertTrue(last < 800_000 && last >= 800_000 - FRAME_MICROS, "last video frame at " + last + " us");
    assertEquals(Decoded.range(20), damaged.frameIndexes());
    assertEquals(original.mono().length, damaged.mono().length, "audio goes on to the end");
    assertEquals(original.lengthMicros(), damaged.lengthMicros(), REMUX_SLACK_MICROS, "the container keeps the full duration");
  }

  @ParameterizedTest
  @EnumSource(value = FuzzContainer.class, names = {"MP4", "MOV", "MKV", "WEBM"})
  void undecodableSpan_keepsThePacketsButNoneOfThemDecodes(FuzzContainer container) throws Exception {
    Path valid = FuzzCorpus.source(container);

    Path file = DamagedMedia.undecodableSpan(dir, valid, 0.6, 1.0);

    assertTrue(file.getFileName().toString().startsWith("undecodable-0.6s-1s-"), file.toString());
    if (container != FuzzContainer.WEBM) {
      // The demuxer splits VP9 superframes only when their index, at the packet's end, is intact.
      assertEquals(videoPacketSizes(valid), videoPacketSizes(file), "every packet is there, same size");
    }
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
    assertEquals(FRAMES - 10, clean, "the frames outside the span decode cleanly");
    assertEquals(original(valid).lengthMicros(), damaged.lengthMicros(), REMUX_SLACK_MICROS);
  }

  @Test
  void spans_areValidated() {
    Path valid = FuzzCorpus.source(FuzzContainer.MP4);
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
