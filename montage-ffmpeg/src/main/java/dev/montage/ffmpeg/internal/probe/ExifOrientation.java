package dev.montage.ffmpeg.internal.probe;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The display rotation an image's EXIF orientation tag (0x0112 in IFD0) asks for: phones store the
 * sensor's picture and say how to turn it. FFmpeg exports that only as side data of decoded
 * frames, which JavaCV does not read, so it is read here, in Java: from a JPEG's first APP1
 * segment, a PNG's {@code eXIf} chunk (before the image data) or a WebP's {@code EXIF} chunk
 * (usually after it: the chunks are walked by their sizes, the image data skipped unread).
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
  /** The PNG signature. */
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  /** Most chunks walked before giving up (a damaged file must not keep the probe busy). */
  private static final int MAX_CHUNKS = 4096;

  private ExifOrientation() {}

  /** Clockwise degrees {@code file} is turned for display: 0 unless it is a JPEG, PNG or WebP saying otherwise. */
  public static int rotation(Path file) {
    try (SeekableByteChannel in = Files.newByteChannel(file)) {
      byte[] magic = read(in, 0, 12);
      if (magic.length >= 8 && Arrays.equals(Arrays.copyOf(magic, 8), PNG)) {
        return fromPng(in);
      }
      if (magic.length == 12 && ascii(magic, 0, 4).equals("RIFF") && ascii(magic, 8, 4).equals("WEBP")) {
        return fromWebp(in);
      }
      return rotationOf(read(in, 0, SEARCH_LIMIT));
    } catch (IOException e) {
      return 0; // the decoder reports an unreadable file; the orientation is only a refinement
    }
  }

  /** The {@code eXIf} chunk's orientation: chunks are length (big-endian), type, data, CRC; it precedes IDAT. */
  private static int fromPng(SeekableByteChannel in) throws IOException {
    long at = 8;
    for (int i = 0; i < MAX_CHUNKS; i++) {
      byte[] header = read(in, at, 8);
      if (header.length < 8) {
        return 0;
      }
      long length = ByteBuffer.wrap(header).getInt(0) & 0xFFFFFFFFL;
      String type = ascii(header, 4, 4);
      if (type.equals("eXIf")) {
        return tiff(read(in, at + 8, (int) Math.min(length, SEARCH_LIMIT)));
      }
      if (type.equals("IDAT") || type.equals("IEND")) {
        return 0;
      }
      at += 12 + length;
    }
    return 0;
  }

  /** The {@code EXIF} chunk's orientation: chunks are FourCC, size (little-endian), data padded to even. */
  private static int fromWebp(SeekableByteChannel in) throws IOException {
    long at = 12;
    for (int i = 0; i < MAX_CHUNKS; i++) {
      byte[] header = read(in, at, 8);
      if (header.length < 8) {
        return 0;
      }
      long size = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xFFFFFFFFL;
      if (ascii(header, 0, 4).equals("EXIF")) {
        byte[] exif = read(in, at + 8, (int) Math.min(size, SEARCH_LIMIT));
        // Some writers keep JPEG's "Exif\0\0" before the TIFF structure.
        boolean prefixed = exif.length >= 6 && ascii(exif, 0, 6).equals("Exif\0\0");
        return tiff(prefixed ? Arrays.copyOfRange(exif, 6, exif.length) : exif);
      }
      at += 8 + size + (size & 1);
    }
    return 0;
  }

  private static int tiff(byte[] tiff) {
    return fromTiff(ByteBuffer.wrap(tiff).order(ByteOrder.BIG_ENDIAN), 0, tiff.length);
  }

  /** Up to {@code count} bytes of {@code in} from {@code position}: fewer at its end. */
  private static byte[] read(SeekableByteChannel in, long position, int count) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(count);
    in.position(position);
    while (bytes.hasRemaining() && in.read(bytes) > 0) {
      // until full or at the end
    }
    return Arrays.copyOf(bytes.array(), bytes.position());
  }

  private static String ascii(byte[] bytes, int from, int count) {
    return new String(bytes, from, count, StandardCharsets.ISO_8859_1);
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
      if (marker == 0xE1 && at + 10 <= head.length && ascii(head, at + 4, 6)
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
