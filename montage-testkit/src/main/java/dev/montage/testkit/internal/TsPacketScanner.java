package dev.montage.testkit.internal;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the packets of an MPEG transport stream: PSI sections (PAT, PMT, SDT) are header, and so are
 * packet, adaptation field and PES headers; PES payload is body. Sizes are section lengths, PES
 * packet lengths and adaptation field lengths.
 */
final class TsPacketScanner {

  private static final int PACKET = 188;
  private static final int SYNC = 0x47;
  /** PIDs below this carry PSI or are reserved. */
  private static final int FIRST_ELEMENTARY_PID = 0x20;

  private TsPacketScanner() {}

  static void scan(byte[] data, MediaLayout.Builder into) {
    Set<Integer> programMaps = new HashSet<>();
    for (int at = 0; at + PACKET <= data.length; at += PACKET) {
      if ((data[at] & 0xff) != SYNC) {
        return;
      }
      into.element(at, at + PACKET);
      int pid = (data[at + 1] & 0x1f) << 8 | (data[at + 2] & 0xff);
      boolean unitStart = (data[at + 1] & 0x40) != 0;
      int control = (data[at + 3] >> 4) & 3;
      int payload = at + 4;
      int end = at + PACKET;
      if ((control & 2) != 0) {
        into.size(payload, MediaLayout.SizeKind.U8, 1);
        payload += 1 + (data[payload] & 0xff);
      }
      if ((control & 1) == 0 || payload >= end) {
        continue;
      }
      if (pid < FIRST_ELEMENTARY_PID || programMaps.contains(pid)) {
        if (unitStart) {
          section(data, payload, end, pid == 0 ? programMaps : null, into);
        }
      } else if (unitStart && payload + 9 <= end && data[payload] == 0 && data[payload + 1] == 0
          && data[payload + 2] == 1) {
        into.size(payload + 4, MediaLayout.SizeKind.BE16, 2);
        into.body(Math.min(end, payload + 9 + (data[payload + 8] & 0xff)), end);
      } else {
        into.body(payload, end);
      }
    }
  }

  /** A PSI section's length field; for the PAT, also the PIDs of the program maps it lists. */
  private static void section(
      byte[] data, int payload, int end, @Nullable Set<Integer> programMaps, MediaLayout.Builder into) {
    int section = payload + 1 + (data[payload] & 0xff);
    if (section + 3 > end) {
      return;
    }
    into.size(section + 1, MediaLayout.SizeKind.LOW12, 2);
    if (programMaps == null) {
      return;
    }
    int length = (data[section + 1] & 0x0f) << 8 | (data[section + 2] & 0xff);
    int entriesEnd = Math.min(end, section + 3 + length - 4);
    for (int entry = section + 8; entry + 4 <= entriesEnd; entry += 4) {
      int program = (data[entry] & 0xff) << 8 | (data[entry + 1] & 0xff);
      if (program != 0) {
        programMaps.add((data[entry + 2] & 0x1f) << 8 | (data[entry + 3] & 0xff));
      }
    }
  }
}
