package dev.montage.ffmpeg.internal.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The display rotation a JPEG's EXIF orientation tag (0x0112 in IFD0) asks for: phones store the
 * sensor's picture and say how to turn it. FFmpeg exports that only as side data of decoded
 * frames, which JavaCV does not read, so it is read here, from the first APP1 segment, in Java.
 *
 * <p>Orientations 1, 3, 6 and 8 are rotations (0, 180, 90, 270 degrees clockwise). The mirrored
 * ones (2, 4, 5, 7: some front cameras) are shown with their rotation only, unmirrored: a
 * montage of them shows them turned the right way, as a mirror would. Anything
 * unreadable means no rotation: a damaged EXIF block must not fail a render that can show the
 * picture.
 */
public final class ExifOrientation {

  /** Most bytes read before the APP1 segment is given up on (it comes first in camera files). */
  private static final int SEARCH_LIMIT = 256 * 1024;

  private ExifOrientation() {}

  /** Clockwise degrees {@code file} is turned for display: 0 unless it is a JPEG saying otherwise. */
  public static int rotation(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return rotationOf(in.readNBytes(SEARCH_LIMIT));
    } catch (IOException e) {
      return 0; // the decoder reports an unreadable file; the orientation is only a refinement
    }
  }

  /** The rotation of the JPEG whose first bytes are {@code head}. */
  static int rotationOf(byte[] head) {
    ByteBuffer bytes = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
    if (head.length < 4 || (bytes.getShort(0) & 0xFFFF) != 0xFFD8) {
      return 0;
    }
    int at = 2;
    while (at + 4 <= head.length && (head[at] & 0xFF) == 0xFF) {
      int marker = head[at + 1] & 0xFF;
      int length = bytes.getShort(at + 2) & 0xFFFF;
      if (marker == 0xDA || length < 2) {
        return 0; // image data: no EXIF before it
      }
      if (marker == 0xE1 && at + 10 <= head.length && new String(head, at + 4, 6, java.nio.charset.StandardCharsets.ISO_8859_1)
          .equals("Exif\0\0")) {
        return fromTiff(bytes, at + 10, Math.min(head.length, at + 2 + length));
      }
      at += 2 + length;
    }
    return 0;
  }

  /** Reads tag 0x0112 of IFD0 of the TIFF structure in [{@code start}, {@code end}). */
  private static int fromTiff(ByteBuffer bytes, int start, int end) {
    if (start + 8 > end) {
      return 0;
    }
    ByteBuffer tiff = bytes.duplicate();
    short order = tiff.getShort(start);
    tiff.order(order == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    long ifd = tiff.getInt(start + 4) & 0xFFFFFFFFL;
    if (ifd < 8 || start + ifd + 2 > end) {
      return 0;
    }
    int entries = tiff.getShort((int) (start + ifd)) & 0xFFFF;
    for (int i = 0; i < entries; i++) {
      int entry = (int) (start + ifd + 2 + 12L * i);
      if (entry + 12 > end) {
        return 0;
      }
      if ((tiff.getShort(entry) & 0xFFFF) == 0x0112) {
        return degrees(tiff.getShort(entry + 8) & 0xFFFF);
      }
    }
    return 0;
  }

  /** Clockwise degrees of EXIF orientation {@code value}, its mirroring left out. */
  static int degrees(int value) {
    return switch (value) {
      case 3, 4 -> 180;
      case 6, 7 -> 90; // 7: mirrored, then turned 90 degrees clockwise
      case 8, 5 -> 270; // 5: mirrored, then turned 270 degrees clockwise
      default -> 0;
    };
  }
}
