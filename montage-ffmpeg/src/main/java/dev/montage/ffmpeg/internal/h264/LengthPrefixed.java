package dev.montage.ffmpeg.internal.h264;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Packets as MP4 and Matroska carry H.264 and HEVC: NAL units each behind a big-endian length of
 * 1, 2 or 4 bytes. Rewriting them unit by unit, written once for both codecs.
 */
public final class LengthPrefixed {

  private LengthPrefixed() {}

  /**
   * {@code packet} with every NAL unit replaced by what {@code unit} makes of it, each behind a
   * length of {@code lengthSize} bytes again.
   *
   * @param minUnit the fewest bytes a unit may have (its NAL header)
   * @throws IllegalArgumentException when a unit runs past the packet, is shorter than
   *     {@code minUnit}, the packet ends inside a length, a rewritten unit no longer fits its length
   *     field, or {@code unit} finds a unit that does not parse
   */
  public static byte[] mapUnits(byte[] packet, int lengthSize, int minUnit, UnaryOperator<byte[]> unit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(packet.length + 16);
    int at = 0;
    while (at + lengthSize <= packet.length) {
      int length = 0;
      for (int i = 0; i < lengthSize; i++) {
        length = length << 8 | packet[at + i] & 0xFF;
      }
      at += lengthSize;
      if (length < minUnit || at + length > packet.length) {
        throw new IllegalArgumentException("NAL unit of " + length + " bytes at " + at + " runs past the packet");
      }
      write(out, unit.apply(Arrays.copyOfRange(packet, at, at + length)), lengthSize);
      at += length;
    }
    if (at != packet.length) {
      throw new IllegalArgumentException("packet ends inside a NAL length prefix");
    }
    return out.toByteArray();
  }

  /**
   * Writes {@code unit} behind its {@code lengthSize}-byte length.
   *
   * @throws IllegalArgumentException when the unit is too long for that length
   */
  public static void write(ByteArrayOutputStream out, byte[] unit, int lengthSize) {
    if (lengthSize < 4 && unit.length >= 1 << (8 * lengthSize)) {
      throw new IllegalArgumentException("a NAL unit of " + unit.length + " bytes does not fit " + lengthSize
          + "-byte lengths");
    }
    for (int i = lengthSize - 1; i >= 0; i--) {
      out.write(unit.length >>> (8 * i));
    }
    out.writeBytes(unit);
  }
}
