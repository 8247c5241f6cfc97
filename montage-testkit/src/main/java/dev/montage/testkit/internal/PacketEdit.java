package dev.montage.testkit.internal;

import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/** What a packet copy does with each packet: write it as it is, change its payload first, or drop it. */
@FunctionalInterface
public interface PacketEdit {

  /** Writes every packet unchanged. */
  PacketEdit NONE = (packet, stream, seconds) -> true;

  /**
   * Whether to write {@code packet}, which may be changed in place first.
   *
   * @param seconds the packet's presentation time (its decoding time when it has none) in seconds
   *     from the start of the file, as a grabber reports it
   */
  boolean keep(AVPacket packet, AVStream stream, double seconds);

  /** Drops the video packets whose time is in {@code [from, to)}. */
  static PacketEdit dropVideo(double from, double to) {
    return (packet, stream, seconds) -> !(isVideo(stream) && seconds >= from && seconds < to);
  }

  /**
   * Keeps the video packets whose time is in {@code [from, to)} but replaces each of their bytes
   * with seeded noise (a packet's noise depends on {@code seed} and its time only).
   */
  static PacketEdit scrambleVideo(double from, double to, long seed) {
    return (packet, stream, seconds) -> {
      if (isVideo(stream) && seconds >= from && seconds < to && packet.size() > 0) {
        if (avcodec.av_packet_make_writable(packet) < 0) {
          throw new IllegalStateException("could not make a video packet at " + seconds + " s writable");
        }
        SplittableRandom noise = new SplittableRandom(seed ^ Double.doubleToLongBits(seconds));
        byte[] bytes = new byte[packet.size()];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) noise.nextInt(256);
        }
        BytePointer data = packet.data();
        data.capacity(bytes.length).put(bytes);
      }
      return true;
    };
  }

  private static boolean isVideo(AVStream stream) {
    return stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO;
  }
}
