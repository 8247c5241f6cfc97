package dev.montage.testkit.internal;

import java.nio.charset.StandardCharsets;

/** Finds the chunks of a RIFF file (avi): chunk sizes and the frame chunks inside the movi list. */
final class RiffScanner {

  private RiffScanner() {}

  static void scan(byte[] data, MediaLayout.Builder into) {
    walk(data, 0, data.length, false, into);
  }

  private static void walk(byte[] data, int from, int to, boolean inMovi, MediaLayout.Builder into) {
    int at = from;
    while (at + 8 <= to) {
      String id = new String(data, at, 4, StandardCharsets.ISO_8859_1);
      long size = Bytes.u32le(data, at + 4);
      int start = at + 8;
      if (size > to - start) {
        return;
      }
      int end = start + (int) size;
      int next = Math.min(to, end + (int) (size & 1));
      into.element(at, next);
      into.size(at + 4, MediaLayout.SizeKind.LE32, 4);
      if (("RIFF".equals(id) || "LIST".equals(id)) && size >= 4) {
        String form = new String(data, start, 4, StandardCharsets.ISO_8859_1);
        walk(data, start + 4, end, "movi".equals(form), into);
      } else if (inMovi && id.matches("[0-9]{2}(dc|db|wb)")) {
        into.body(start, end);
      }
      at = next;
    }
  }
}
