package dev.montage.ffmpeg.internal.hevc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.ffmpeg.internal.h264.BitReader;
import dev.montage.ffmpeg.internal.h264.Rbsp;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renumbering an x265 stream's parameter sets beside another's, on the committed x265 fixture
 * (src/test/resources/media/README.md) put beside itself: ids read back, every other bit kept, and
 * slices naming their new PPS with the rest of the slice one whole byte further on.
 */
class HevcIdRemapTest {

  static HvcConfig config;
  static byte[] idrPacket;
  static byte[] laterPacket;

  @BeforeAll
  static void fixture() throws Exception {
    Path file = Path.of(HevcIdRemapTest.class.getResource("/media/hevc-idr-every-second.mp4").toURI());
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      AVCodecParameters parameters = grabber.getFormatContext().streams(grabber.getVideoStream()).codecpar();
      byte[] extradata = new byte[parameters.extradata_size()];
      parameters.extradata().get(extradata);
      config = HvcConfig.parse(extradata).orElseThrow();
      AVPacket packet;
      int videoPackets = 0;
      while ((packet = grabber.grabPacket()) != null && laterPacket == null) {
        if (packet.stream_index() == grabber.getVideoStream()) {
          byte[] bytes = new byte[packet.size()];
          packet.data().get(bytes);
          if (videoPackets++ == 0) {
            idrPacket = bytes;
          } else if (videoPackets == 3) {
            laterPacket = bytes;
          }
        }
        avcodec.av_packet_unref(packet);
      }
    }
  }

  @Test
  void besideItself_takesTheNextFreeIds_andAPpsIdWhoseCodeIsAByteLonger() {
    HevcIdRemap remap = HevcIdRemap.beside(config, config).orElseThrow();
    HvcConfig merged = HvcConfig.parse(remap.merge(config, config)).orElseThrow();

    assertEquals(List.of(0, 1), merged.units(HvcConfig.VPS).stream().map(ParameterSetIds::vpsId).toList());
    assertEquals(List.of(0, 1), merged.units(HvcConfig.SPS).stream().map(ParameterSetIds::spsId).toList());
    assertEquals(List.of(0, 15), merged.units(HvcConfig.PPS).stream().map(ParameterSetIds::ppsId).toList());
    assertEquals(config.profile(), merged.profile());
    assertEquals(config.lengthSize(), merged.lengthSize());
    // The renumbered SPS names the renumbered VPS, the PPS the renumbered SPS.
    byte[] sps = merged.units(HvcConfig.SPS).get(1);
    assertEquals(1, (Rbsp.unescape(sps, 2, sps.length)[0] & 0xFF) >> 4);
    byte[] pps = merged.units(HvcConfig.PPS).get(1);
    BitReader in = new BitReader(Rbsp.unescape(pps, 2, pps.length), 0);
    assertEquals(15, in.ue(63));
    assertEquals(1, in.ue(15));
  }

  @Test
  void renumberedSets_keepEveryOtherBit() {
    byte[] sps = config.units(HvcConfig.SPS).get(0);
    byte[] back = ParameterSetIds.spsWithIds(ParameterSetIds.spsWithIds(sps, 3, 7), 0, 0);
    assertArrayEquals(sps, back);
    byte[] pps = config.units(HvcConfig.PPS).get(0);
    assertArrayEquals(pps, ParameterSetIds.ppsWithIds(ParameterSetIds.ppsWithIds(pps, 20, 7), 0, 0));
    assertEquals(7, ParameterSetIds.spsId(ParameterSetIds.spsWithIds(sps, 3, 7)));
  }

  @Test
  void slices_nameTheNewPps_andTheRestMovesByOneWholeByte() {
    HevcIdRemap remap = HevcIdRemap.beside(config, config).orElseThrow();
    for (byte[] packet : new byte[][] {idrPacket, laterPacket}) {
      byte[] rewritten = remap.rewrite(packet);
      List<byte[]> before = slices(packet);
      List<byte[]> after = slices(rewritten);
      assertEquals(before.size(), after.size());
      for (int i = 0; i < before.size(); i++) {
        byte[] old = Rbsp.unescape(before.get(i), 2, before.get(i).length);
        byte[] now = Rbsp.unescape(after.get(i), 2, after.get(i).length);
        int type = before.get(i)[0] >> 1 & 0x3F;
        BitReader in = new BitReader(now, type >= 16 && type <= 23 ? 2 : 1);
        assertEquals(15, in.ue(63), "slice of type " + type);
        assertEquals(old.length + 1, now.length);
        assertArrayEquals(Arrays.copyOfRange(old, 1, old.length), Arrays.copyOfRange(now, 2, now.length));
      }
    }
  }

  /** The slice NAL units of a packet with 4-byte lengths. */
  private static List<byte[]> slices(byte[] packet) {
    java.util.ArrayList<byte[]> slices = new java.util.ArrayList<>();
    int at = 0;
    while (at + 4 <= packet.length) {
      int length = (packet[at] & 0xFF) << 24 | (packet[at + 1] & 0xFF) << 16 | (packet[at + 2] & 0xFF) << 8
          | packet[at + 3] & 0xFF;
      byte[] unit = Arrays.copyOfRange(packet, at + 4, at + 4 + length);
      if ((unit[0] >> 1 & 0x3F) < 32) {
        slices.add(unit);
      }
      at += 4 + length;
    }
    return slices;
  }
}
