package dev.montage.ffmpeg.internal.h264;

import java.io.ByteArrayOutputStream;

/**
 * A NAL unit's payload without its emulation-prevention bytes (H.264 7.4.1: the encoder inserts
 * {@code 0x03} after two zero bytes wherever the next byte is 0-3, so no start code appears inside a
 * unit), and the reverse. Parsing and rewriting happen on the raw payload; writing escapes again.
 */
final class Rbsp {

  private Rbsp() {}

  /** Bytes {@code [from, to)} of {@code nal} with every emulation-prevention byte removed. */
  static byte[] unescape(byte[] nal, int from, int to) {
    byte[] out = new byte[to - from];
    int length = 0;
    int zeros = 0;
    for (int i = from; i < to; i++) {
      int b = nal[i] & 0xFF;
      if (zeros >= 2 && b == 3) {
        zeros = 0;
        continue;
      }
      out[length++] = (byte) b;
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return length == out.length ? out : java.util.Arrays.copyOf(out, length);
  }

  /** Writes {@code rbsp} to {@code out} with emulation-prevention bytes inserted where needed. */
  static void escape(byte[] rbsp, ByteArrayOutputStream out) {
    int zeros = 0;
    for (byte value : rbsp) {
      int b = value & 0xFF;
      if (zeros >= 2 && b <= 3) {
        out.write(3);
        zeros = 0;
      }
      out.write(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
    if (rbsp.length > 0 && rbsp[rbsp.length - 1] == 0) {
      out.write(3); // an RBSP ending in a CABAC zero word ends with 0x03 (7.4.1)
    }
  }

  /**
   * The bit position of the RBSP stop bit: the last bit set in {@code rbsp} (trailing zero bytes,
   * such as CABAC's zero words, lie after it).
   *
   * @throws IllegalArgumentException when no bit is set
   */
  static long stopBit(byte[] rbsp) {
    for (int i = rbsp.length - 1; i >= 0; i--) {
      int b = rbsp[i] & 0xFF;
      if (b != 0) {
        return i * 8L + 7 - Integer.numberOfTrailingZeros(b);
      }
    }
    throw new IllegalArgumentException("NAL unit without an RBSP stop bit");
  }
}
