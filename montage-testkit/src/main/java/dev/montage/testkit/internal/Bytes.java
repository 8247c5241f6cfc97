package dev.montage.testkit.internal;

/** Unsigned integers read from byte arrays. */
final class Bytes {

  private Bytes() {}

  static long u32be(byte[] data, int at) {
    return (data[at] & 0xffL) << 24 | (data[at + 1] & 0xffL) << 16 | (data[at + 2] & 0xffL) << 8 | (data[at + 3] & 0xffL);
  }

  static long u64be(byte[] data, int at) {
    return u32be(data, at) << 32 | u32be(data, at + 4);
  }

  static long u32le(byte[] data, int at) {
    return (data[at + 3] & 0xffL) << 24 | (data[at + 2] & 0xffL) << 16 | (data[at + 1] & 0xffL) << 8 | (data[at] & 0xffL);
  }
}
