package dev.montage.ffmpeg.internal.h264;

import java.util.Arrays;

/** Writes an RBSP most significant bit first; {@link #escaped} ends it as a NAL unit's payload. */
public final class BitWriter {

  private byte[] data;
  private long position;

  public BitWriter(int capacity) {
    data = new byte[Math.max(16, capacity)];
  }

  public long position() {
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

  public void u(int bits, long value) {
    for (int i = bits - 1; i >= 0; i--) {
      bit((int) (value >> i & 1));
    }
  }

  public void ue(long value) {
    long code = value + 1;
    int length = 64 - Long.numberOfLeadingZeros(code);
    u(length - 1, 0);
    u(length, code);
  }

  /** Bits {@code [from, to)} of {@code source}, as they are; whole bytes at a time once this writer is aligned. */
  public void copy(byte[] source, long from, long to) {
    long at = from;
    while (at < to && (position & 7) != 0) {
      bit(source[(int) (at >> 3)] >> (7 - (int) (at & 7)) & 1);
      at++;
    }
    int bytes = (int) ((to - at) >> 3);
    if (bytes > 0) {
      int index = (int) (position >> 3);
      if (index + bytes + 1 >= data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, index + bytes + 16));
      }
      int shift = (int) (at & 7);
      int src = (int) (at >> 3);
      if (shift == 0) {
        System.arraycopy(source, src, data, index, bytes);
      } else {
        for (int i = 0; i < bytes; i++) {
          int high = source[src + i] << shift;
          int low = (source[src + i + 1] & 0xFF) >>> (8 - shift);
          data[index + i] = (byte) (high | low);
        }
      }
      position += bytes * 8L;
      at += bytes * 8L;
    }
    for (; at < to; at++) {
      bit(source[(int) (at >> 3)] >> (7 - (int) (at & 7)) & 1);
    }
  }

  /** The bytes written so far, the last one padded with zero bits. */
  byte[] paddedBytes() {
    return Arrays.copyOf(data, (int) ((position + 7) >> 3));
  }

  /** The bytes written so far; the writer must be byte-aligned. */
  public byte[] bytes() {
    if ((position & 7) != 0) {
      throw new IllegalStateException("RBSP not byte-aligned: " + position + " bits");
    }
    return Arrays.copyOf(data, (int) (position >> 3));
  }

  /** Ones until the next byte boundary (CABAC's alignment bits). */
  void alignWithOnes() {
    while ((position & 7) != 0) {
      bit(1);
    }
  }

  /** The stop bit and zero bits to the byte boundary. */
  public void trailingBits() {
    bit(1);
    while ((position & 7) != 0) {
      bit(0);
    }
  }

  /**
   * {@code nal} (a parameter set: header byte, escaped payload) with the payload's bits before
   * {@code oldHeadEnd} replaced by what {@code head} writes; the rest up to the stop bit kept as it is.
   */
  static byte[] replaceHead(byte[] nal, long oldHeadEnd, java.util.function.Consumer<BitWriter> head) {
    byte[] rbsp = Rbsp.unescape(nal, 1, nal.length);
    BitWriter out = new BitWriter(rbsp.length + 4);
    head.accept(out);
    out.copy(rbsp, oldHeadEnd, Rbsp.stopBit(rbsp));
    out.trailingBits();
    return out.escaped(new byte[] {nal[0]});
  }

  /** {@code header} (the NAL unit header bytes, never escaped) then the written RBSP, escaped. */
  public byte[] escaped(byte[] header) {
    byte[] rbsp = bytes();
    byte[] out = new byte[header.length + Rbsp.escapedCapacity(rbsp.length)];
    System.arraycopy(header, 0, out, 0, header.length);
    return Arrays.copyOf(out, Rbsp.escapeInto(rbsp, 0, rbsp.length, out, header.length, true));
  }
}
