package dev.montage.ffmpeg.internal.h264;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Writes an RBSP most significant bit first; {@link #escaped} ends it as a NAL unit's payload. */
final class BitWriter {

  private byte[] data;
  private long position;

  BitWriter(int capacity) {
    data = new byte[Math.max(16, capacity)];
  }

  long position() {
    return position;
  }

  void bit(int bit) {
    int index = (int) (position >> 3);
    if (index >= data.length) {
      data = Arrays.copyOf(data, data.length * 2);
    }
    if (bit != 0) {
      data[index] |= (byte) (0x80 >> (position & 7));
    }
    position++;
  }

  void u(int bits, long value) {
    for (int i = bits - 1; i >= 0; i--) {
      bit((int) (value >> i & 1));
    }
  }

  void ue(long value) {
    long code = value + 1;
    int length = 64 - Long.numberOfLeadingZeros(code);
    u(length - 1, 0);
    u(length, code);
  }

  /** Bits {@code [from, to)} of {@code source}, as they are. */
  void copy(byte[] source, long from, long to) {
    long at = from;
    // Whole bytes at once where both sides are byte-aligned (slice data after CABAC alignment).
    if ((at & 7) == 0 && (position & 7) == 0) {
      int bytes = (int) ((to - at) >> 3);
      int index = (int) (position >> 3);
      if (index + bytes >= data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, index + bytes + 16));
      }
      System.arraycopy(source, (int) (at >> 3), data, index, bytes);
      position += bytes * 8L;
      at += bytes * 8L;
    }
    for (; at < to; at++) {
      bit(source[(int) (at >> 3)] >> (7 - (int) (at & 7)) & 1);
    }
  }

  /** Ones until the next byte boundary (CABAC's alignment bits). */
  void alignWithOnes() {
    while ((position & 7) != 0) {
      bit(1);
    }
  }

  /** The stop bit and zero bits to the byte boundary. */
  void trailingBits() {
    bit(1);
    while ((position & 7) != 0) {
      bit(0);
    }
  }

  /** {@code header} (the NAL unit header bytes, never escaped) then the written RBSP, escaped. */
  byte[] escaped(byte[] header) {
    if ((position & 7) != 0) {
      throw new IllegalStateException("RBSP not byte-aligned: " + position + " bits");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) (position >> 3) + header.length + 16);
    out.write(header, 0, header.length);
    Rbsp.escape(Arrays.copyOf(data, (int) (position >> 3)), out);
    return out.toByteArray();
  }
}
