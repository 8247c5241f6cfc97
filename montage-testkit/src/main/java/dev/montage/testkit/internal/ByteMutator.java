package dev.montage.testkit.internal;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The byte-level damage behind the fuzz corpus, each a pure function of the source bytes, their
 * layout and a seeded random source. The source array is never changed.
 */
public final class ByteMutator {

  /** Most bits a header mutation flips. */
  static final int MAX_HEADER_FLIPS = 8;
  /** Most bits a body mutation flips. */
  static final int MAX_BODY_FLIPS = 32;
  /** Shortest and longest chunk zeroed or duplicated (lengths are spread evenly in powers of two). */
  static final int MIN_CHUNK = 16;
  static final int MAX_CHUNK = 4096;
  /** Largest element duplicated whole; larger ones (a whole mdat or Segment) are not. */
  static final int MAX_DUPLICATED_ELEMENT = 64 * 1024;
  /** Places tried for a zeroed chunk before settling for one that is zero already. */
  private static final int ZERO_TRIES = 16;

  private ByteMutator() {}

  /** Flips 1 to {@value #MAX_HEADER_FLIPS} bits in the layout's header. */
  public static byte[] flipHeaderBits(byte[] source, MediaLayout layout, SplittableRandom random) {
    return flip(source, layout.header(), 1 + random.nextInt(MAX_HEADER_FLIPS), random);
  }

  /** Flips 1 to {@value #MAX_BODY_FLIPS} bits in the layout's body (the header if it has none). */
  public static byte[] flipBodyBits(byte[] source, MediaLayout layout, SplittableRandom random) {
    List<MediaLayout.Range> where = layout.body().isEmpty() ? layout.header() : layout.body();
    return flip(source, where, 1 + random.nextInt(MAX_BODY_FLIPS), random);
  }

  /**
   * Sets a chunk of {@value #MIN_CHUNK} to {@value #MAX_CHUNK} bytes anywhere in the file to zero,
   * one that is not all zeros already (AVI's JUNK padding is) if a few tries find one.
   */
  public static byte[] zeroChunk(byte[] source, SplittableRandom random) {
    byte[] copy = source.clone();
    int length = Math.min(copy.length, chunkLength(random));
    int from = random.nextInt(copy.length - length + 1);
    for (int tries = 1; tries < ZERO_TRIES && allZero(source, from, from + length); tries++) {
      from = random.nextInt(copy.length - length + 1);
    }
    Arrays.fill(copy, from, from + length, (byte) 0);
    return copy;
  }

  private static boolean allZero(byte[] data, int from, int to) {
    for (int i = from; i < to; i++) {
      if (data[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Inserts a copy of a chunk right after it: half the time a whole element of the layout (a box,
   * element, chunk or packet of at most {@value #MAX_DUPLICATED_ELEMENT} bytes), otherwise
   * {@value #MIN_CHUNK} to {@value #MAX_CHUNK} bytes from anywhere.
   */
  public static byte[] duplicateChunk(byte[] source, MediaLayout layout, SplittableRandom random) {
    List<MediaLayout.Range> small = layout.elements().stream()
        .filter(element -> element.length() <= MAX_DUPLICATED_ELEMENT).toList();
    int from;
    int to;
    if (random.nextBoolean() && !small.isEmpty()) {
      MediaLayout.Range element = small.get(random.nextInt(small.size()));
      from = element.from();
      to = element.to();
    } else {
      int length = Math.min(source.length, chunkLength(random));
      from = random.nextInt(source.length - length + 1);
      to = from + length;
    }
    byte[] copy = new byte[source.length + to - from];
    System.arraycopy(source, 0, copy, 0, to);
    System.arraycopy(source, from, copy, to, to - from);
    System.arraycopy(source, to, copy, 2 * to - from, source.length - to);
    return copy;
  }

  /** Cuts the file short: a third of the time inside the header, otherwise anywhere after byte 0. */
  public static byte[] truncate(byte[] source, MediaLayout layout, SplittableRandom random) {
    int keep = random.nextInt(3) == 0 ? pick(layout.header(), random) : random.nextInt(source.length);
    return Arrays.copyOf(source, Math.max(1, Math.min(source.length - 1, keep)));
  }

  /**
   * Sets one size or count field of the layout to a huge value: 0x7fffffff or 0xffffffff for 32-bit
   * fields, all ones for shorter ones, the largest known size for an EBML size. Flips header bits
   * instead when the layout has no size field.
   */
  public static byte[] hugeSize(byte[] source, MediaLayout layout, SplittableRandom random) {
    if (layout.sizes().isEmpty()) {
      return flipHeaderBits(source, layout, random);
    }
    MediaLayout.SizeField field = layout.sizes().get(random.nextInt(layout.sizes().size()));
    byte[] copy = source.clone();
    int at = field.offset();
    long huge = random.nextBoolean() ? 0x7fffffffL : 0xffffffffL;
    switch (field.kind()) {
      case BE32 -> {
        for (int i = 0; i < 4; i++) {
          copy[at + i] = (byte) (huge >>> (24 - 8 * i));
        }
      }
      case LE32 -> {
        for (int i = 0; i < 4; i++) {
          copy[at + i] = (byte) (huge >>> (8 * i));
        }
      }
      case BE16 -> {
        copy[at] = (byte) 0xff;
        copy[at + 1] = (byte) 0xff;
      }
      case LOW12 -> {
        copy[at] = (byte) (copy[at] | 0x0f);
        copy[at + 1] = (byte) 0xff;
      }
      case U8 -> copy[at] = (byte) 0xff;
      case EBML_VINT -> {
        // Marker bit, then all value bits set but the last: all ones would mean "unknown size".
        int width = field.width();
        copy[at] = (byte) (0xff >> (width - 1));
        for (int i = 1; i < width; i++) {
          copy[at + i] = (byte) 0xff;
        }
        copy[at + width - 1] = (byte) (copy[at + width - 1] & 0xfe);
      }
      default -> throw new IllegalStateException("unknown size kind " + field.kind());
    }
    return copy;
  }

  private static byte[] flip(byte[] source, List<MediaLayout.Range> where, int bits, SplittableRandom random) {
    byte[] copy = source.clone();
    for (int i = 0; i < bits; i++) {
      int at = pick(where, random);
      copy[at] = (byte) (copy[at] ^ (1 << random.nextInt(8)));
    }
    return copy;
  }

  /** An offset inside {@code ranges}, every byte equally likely. */
  private static int pick(List<MediaLayout.Range> ranges, SplittableRandom random) {
    long total = 0;
    for (MediaLayout.Range range : ranges) {
      total += range.length();
    }
    if (total == 0) {
      throw new IllegalArgumentException("no bytes to pick from");
    }
    long at = random.nextLong(total);
    for (MediaLayout.Range range : ranges) {
      if (at < range.length()) {
        return range.from() + (int) at;
      }
      at -= range.length();
    }
    throw new IllegalStateException("unreachable: " + at + " past " + total);
  }

  private static int chunkLength(SplittableRandom random) {
    int floor = MIN_CHUNK << random.nextInt(Integer.numberOfTrailingZeros(MAX_CHUNK / MIN_CHUNK) + 1);
    return Math.min(MAX_CHUNK, floor + random.nextInt(floor));
  }
}
