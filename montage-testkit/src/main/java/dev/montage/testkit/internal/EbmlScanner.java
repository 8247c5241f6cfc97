package dev.montage.testkit.internal;

import java.util.Set;

/** Finds the elements of an EBML file (Matroska, WebM): element sizes and block payloads. */
final class EbmlScanner {

  /** Master elements, whose data is more elements: EBML header, Segment, seek, info, tracks, clusters, cues, tags. */
  private static final Set<Long> MASTERS = Set.of(
      0x1A45DFA3L, 0x18538067L, 0x114D9B74L, 0x4DBBL, 0x1549A966L, 0x1654AE6BL, 0xAEL, 0xE0L, 0xE1L,
      0x1F43B675L, 0xA0L, 0x1C53BB6BL, 0xBBL, 0xB7L, 0x1254C367L, 0x7373L, 0x63C0L, 0x67C8L,
      0x6D80L, 0x6240L, 0x5035L);
  private static final long SIMPLE_BLOCK = 0xA3;
  private static final long BLOCK = 0xA1;

  private EbmlScanner() {}

  static void scan(byte[] data, MediaLayout.Builder into) {
    walk(data, 0, data.length, into);
  }

  private static void walk(byte[] data, int from, int to, MediaLayout.Builder into) {
    int at = from;
    while (at < to) {
      int idWidth = width(data[at]);
      if (idWidth < 1 || idWidth > 4 || at + idWidth >= to) {
        return;
      }
      long id = 0;
      for (int i = 0; i < idWidth; i++) {
        id = id << 8 | (data[at + i] & 0xff);
      }
      int sizeAt = at + idWidth;
      int sizeWidth = width(data[sizeAt]);
      if (sizeWidth < 1 || sizeAt + sizeWidth > to) {
        return;
      }
      long size = data[sizeAt] & (0xff >> sizeWidth);
      boolean unknown = size == (0xff >> sizeWidth);
      for (int i = 1; i < sizeWidth; i++) {
        int next = data[sizeAt + i] & 0xff;
        size = size << 8 | next;
        unknown &= next == 0xff;
      }
      int start = sizeAt + sizeWidth;
      if (!unknown && size > to - start) {
        return;
      }
      int end = unknown ? to : start + (int) size;
      into.element(at, end);
      into.size(sizeAt, MediaLayout.SizeKind.EBML_VINT, sizeWidth);
      if (MASTERS.contains(id)) {
        walk(data, start, end, into);
      } else if (id == SIMPLE_BLOCK || id == BLOCK) {
        int track = start < end ? width(data[start]) : 0;
        // Track number (a vint), 16-bit relative timestamp, flags byte: then the frame.
        into.body(Math.min(end, start + track + 3), end);
      }
      at = end;
    }
  }

  /** Length of the variable-length integer that starts with {@code first}: its leading zeros + 1. */
  private static int width(byte first) {
    int value = first & 0xff;
    return value == 0 ? 0 : Integer.numberOfLeadingZeros(value) - 23;
  }
}
