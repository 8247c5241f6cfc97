package dev.montage.ffmpeg.internal.h264;

/**
 * Reads an RBSP (no emulation-prevention bytes left) most significant bit first: fixed-width
 * fields and the Exp-Golomb codes of H.264 7.2.
 *
 * @throws IllegalArgumentException from any read past the end, or of an Exp-Golomb code longer than
 *     32 bits: the unit is not what it claims to be
 */
public final class BitReader {

  private final byte[] data;
  private long position;

  public BitReader(byte[] data, long position) {
    this.data = data;
    this.position = position;
  }

  /** The position of the next bit. */
  public long position() {
    return position;
  }

  public int bit() {
    if (position >= data.length * 8L) {
      throw new IllegalArgumentException("read past the end of a " + data.length + "-byte unit");
    }
    int bit = data[(int) (position >> 3)] >> (7 - (int) (position & 7)) & 1;
    position++;
    return bit;
  }

  public boolean flag() {
    return bit() == 1;
  }

  /** {@code u(n)}, {@code n <= 32}. */
  public long u(int bits) {
    long value = 0;
    for (int i = 0; i < bits; i++) {
      value = value << 1 | bit();
    }
    return value;
  }

  /** {@code ue(v)}. */
  public long ue() {
    int leading = 0;
    while (bit() == 0) {
      if (++leading > 32) {
        throw new IllegalArgumentException("Exp-Golomb code longer than 32 bits");
      }
    }
    return (1L << leading) - 1 + u(leading);
  }

  /** {@code ue(v)} as an int no larger than {@code max}. */
  public int ue(int max) {
    long value = ue();
    if (value > max) {
      throw new IllegalArgumentException("value " + value + " over its limit of " + max);
    }
    return (int) value;
  }

  /** {@code se(v)}. */
  long se() {
    long code = ue();
    return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
  }
}
