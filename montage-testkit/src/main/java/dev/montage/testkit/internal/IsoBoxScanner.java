package dev.montage.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Finds the boxes of an ISO BMFF file (mp4, mov): box sizes, sample-table counts, mdat payload. */
final class IsoBoxScanner {

  private static final Set<String> CONTAINERS = Set.of(
      "moov", "trak", "mdia", "minf", "stbl", "dinf", "edts", "udta", "mvex", "moof", "traf", "mfra");
  /** Full boxes whose first field after version and flags is an entry count. */
  private static final Set<String> COUNTED = Set.of(
      "stts", "stss", "stsc", "stco", "co64", "ctts", "elst", "stsd", "dref", "stps");

  private IsoBoxScanner() {}

  static void scan(byte[] data, MediaLayout.Builder into) {
    walk(data, 0, data.length, into);
  }

  private static void walk(byte[] data, int from, int to, MediaLayout.Builder into) {
    int at = from;
    while (at + 8 <= to) {
      long size = Bytes.u32be(data, at);
      String type = new String(data, at + 4, 4, StandardCharsets.ISO_8859_1);
      int header = 8;
      if (size == 1) {
        if (at + 16 > to) {
          return;
        }
        size = Bytes.u64be(data, at + 8);
        header = 16;
      } else if (size == 0) {
        size = (long) to - at;
      }
      if (size < header || size > to - at) {
        return;
      }
      int end = at + (int) size;
      into.element(at, end);
      into.size(at, MediaLayout.SizeKind.BE32, 4);
      if (CONTAINERS.contains(type)) {
        walk(data, at + header, end, into);
      } else if ("mdat".equals(type)) {
        into.body(at + header, end);
      } else if (COUNTED.contains(type) && at + header + 8 <= end) {
        into.size(at + header + 4, MediaLayout.SizeKind.BE32, 4);
      } else if ("stsz".equals(type) && at + header + 12 <= end) {
        into.size(at + header + 4, MediaLayout.SizeKind.BE32, 4);
        into.size(at + header + 8, MediaLayout.SizeKind.BE32, 4);
      }
      at = end;
    }
  }
}
