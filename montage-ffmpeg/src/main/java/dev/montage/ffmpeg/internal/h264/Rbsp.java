package dev.montage.ffmpeg.internal.h264;

import java.util.Arrays;

/**
 * A NAL unit's payload without its emulation-prevention bytes (H.264 7.4.1: the encoder inserts
 * {@code 0x03} after two zero bytes wherever the next byte is 0-3, so no start code appears inside a
 * unit), and the reverse. Parsing and rewriting happen on the raw payload; writing escapes again.
 */
public final class Rbsp {

  private Rbsp() {}

  /**
   * A payload unescaped, remembering where bytes were removed so that a position in it can be found
   * in the escaped unit again.
   *
   * @param rbsp the payload
   * @param removedBefore for each emulation-prevention byte removed, the payload index of the byte
   *     that followed it, ascending; only the first {@code removed} entries count
   * @param removed how many were removed
   */
  record Unescaped(byte[] rbsp, int[] removedBefore, int removed) {

    /** The index in the escaped bytes (counted from where unescaping started) of payload byte {@code index}. */
    int escapedIndex(int index) {
      int count = 0;
      while (count < removed && removedBefore[count] <= index) {
        count++;
      }
      return index + count;
    }
  }

  /** Bytes {@code [from, to)} of {@code nal} with every emulation-prevention byte removed. */
  public static byte[] unescape(byte[] nal, int from, int to) {
    return unescapeMapped(nal, from, to).rbsp();
  }

  /** Bytes {@code [from, to)} of {@code nal} unescaped, with the positions of what was removed. */
  static Unescaped unescapeMapped(byte[] nal, int from, int to) {
    byte[] out = new byte[to - from];
    int[] removedBefore = new int[4];
    int removed = 0;
    int length = 0;
    int zeros = 0;
    for (int i = from; i < to; i++) {
      int b = nal[i] & 0xFF;
      if (zeros >= 2 && b == 3) {
        if (removed == removedBefore.length) {
          removedBefore = Arrays.copyOf(removedBefore, removed * 2);
        }
        removedBefore[removed++] = length;
        zeros = 0;
        continue;
      }
      out[length++] = (byte) b;
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return new Unescaped(length == out.length ? out : Arrays.copyOf(out, length), removedBefore, removed);
  }

  /** The most bytes escaping {@code length} payload bytes can give (one 0x03 per two input bytes, and a last one). */
  static int escapedCapacity(int length) {
    return length + length / 2 + 2;
  }

  /**
   * Writes {@code rbsp[from, to)} escaped into {@code out} from {@code at}, starting with no zero
   * byte before it; returns the index after the last byte written. With {@code last}, an RBSP
   * ending in a zero byte (a CABAC zero word) gets its final 0x03 (7.4.1).
   */
  static int escapeInto(byte[] rbsp, int from, int to, byte[] out, int at, boolean last) {
    int zeros = 0;
    int pos = at;
    for (int i = from; i < to; i++) {
      int b = rbsp[i] & 0xFF;
      if (zeros >= 2 && b <= 3) {
        out[pos++] = 3;
        zeros = 0;
      }
      out[pos++] = (byte) b;
      zeros = b == 0 ? zeros + 1 : 0;
    }
    if (last && to > from && rbsp[to - 1] == 0) {
      out[pos++] = 3;
    }
    return pos;
  }

  /** {@code rbsp} escaped (as a whole unit's payload). */
  public static byte[] escape(byte[] rbsp) {
    byte[] out = new byte[escapedCapacity(rbsp.length)];
    return Arrays.copyOf(out, escapeInto(rbsp, 0, rbsp.length, out, 0, true));
  }

  /**
   * The bit position of the RBSP stop bit: the last bit set in {@code rbsp} (trailing zero bytes,
   * such as CABAC's zero words, lie after it).
   *
   * @throws IllegalArgumentException when no bit is set
   */
  public static long stopBit(byte[] rbsp) {
    for (int i = rbsp.length - 1; i >= 0; i--) {
      int b = rbsp[i] & 0xFF;
      if (b != 0) {
        return i * 8L + 7 - Integer.numberOfTrailingZeros(b);
      }
    }
    throw new IllegalArgumentException("NAL unit without an RBSP stop bit");
  }
}
