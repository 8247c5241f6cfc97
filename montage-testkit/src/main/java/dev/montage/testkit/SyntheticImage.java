package dev.montage.testkit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;

/**
 * Writes still images whose every pixel is known, for tests of stills: a grey level per displayed
 * pixel, stored as a PNG, a JPEG or a WebP (by the file's extension; WebP through FFmpeg's
 * libwebp), optionally stored turned and carrying the EXIF orientation that turns it back, as phones
 * write portrait photos (a JPEG's APP1 segment, a PNG's {@code eXIf} chunk, a WebP's {@code EXIF}
 * chunk after the image data, in the extended format).
 */
public final class SyntheticImage {

  private SyntheticImage() {}

  /**
   * Writes {@code file}: {@code width} x {@code height} as displayed, grey level
   * {@code grey.applyAsInt(x, y)} (0 to 255) at displayed pixel (x, y).
   *
   * @param exifOrientation 1 (upright), 3 (stored turned 180 degrees), 6 (stored turned 90
   *     degrees counter-clockwise: shown turned 90 clockwise) or 8
   * @return {@code file}
   * @throws IllegalArgumentException for another orientation
   * @throws UncheckedIOException when the file cannot be written
   */
  public static Path write(Path file, int width, int height, IntBinaryOperator grey, int exifOrientation) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    boolean jpeg = name.endsWith(".jpg") || name.endsWith(".jpeg");
    if (exifOrientation != 1 && exifOrientation != 3 && exifOrientation != 6 && exifOrientation != 8) {
      throw new IllegalArgumentException("orientation " + exifOrientation + " for " + file + ": use 1, 3, 6 or 8");
    }
    boolean turned = exifOrientation == 6 || exifOrientation == 8;
    int storedW = turned ? height : width;
    int storedH = turned ? width : height;
    BufferedImage image = new BufferedImage(storedW, storedH, BufferedImage.TYPE_3BYTE_BGR);
    for (int ys = 0; ys < storedH; ys++) {
      for (int xs = 0; xs < storedW; xs++) {
        // Where stored pixel (xs, ys) shows once the orientation is applied.
        int x;
        int y;
        switch (exifOrientation) {
          case 3 -> {
            x = storedW - 1 - xs;
            y = storedH - 1 - ys;
          }
          case 6 -> { // shown turned 90 degrees clockwise
            x = storedH - 1 - ys;
            y = xs;
          }
          case 8 -> { // shown turned 270 degrees clockwise
            x = ys;
            y = storedW - 1 - xs;
          }
          default -> {
            x = xs;
            y = ys;
          }
        }
        int level = Math.max(0, Math.min(255, grey.applyAsInt(x, y)));
        image.setRGB(xs, ys, level << 16 | level << 8 | level);
      }
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (name.endsWith(".webp")) {
        writeWebp(file, image);
        if (exifOrientation != 1) {
          Files.write(file, webpWithOrientation(Files.readAllBytes(file), storedW, storedH, exifOrientation));
        }
        return file;
      }
      ByteArrayOutputStream encoded = new ByteArrayOutputStream();
      if (!ImageIO.write(image, jpeg ? "jpg" : "png", encoded)) {
        throw new IOException("no ImageIO writer for " + file);
      }
      byte[] bytes = exifOrientation == 1 ? encoded.toByteArray()
          : jpeg ? withOrientation(encoded.toByteArray(), exifOrientation)
          : pngWithOrientation(encoded.toByteArray(), exifOrientation);
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void writeWebp(Path file, BufferedImage image) throws IOException {
    try (org.bytedeco.javacv.Java2DFrameConverter converter = new org.bytedeco.javacv.Java2DFrameConverter();
        org.bytedeco.javacv.FFmpegFrameRecorder recorder =
            new org.bytedeco.javacv.FFmpegFrameRecorder(file.toFile(), image.getWidth(), image.getHeight(), 0)) {
      recorder.setFormat("webp");
      recorder.setVideoCodecName("libwebp");
      recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
      recorder.start();
      recorder.record(converter.convert(image));
      recorder.stop();
    } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
      Files.deleteIfExists(file);
      throw new IOException("cannot write " + file + " with libwebp", e);
    }
  }

  /** A big-endian TIFF structure whose IFD0 holds only the orientation tag. */
  static byte[] tiffWithOrientation(int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.BIG_ENDIAN);
    tiff.putShort((short) 0x4D4D).putShort((short) 42).putInt(8); // big-endian TIFF, IFD0 at 8
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0); // no next IFD
    return tiff.array();
  }

  /** {@code jpeg} with an APP1 EXIF segment holding only the orientation tag, right after SOI. */
  static byte[] withOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = tiffWithOrientation(orientation);
    ByteBuffer exif = ByteBuffer.allocate(2 + 2 + 6 + tiff.length).order(ByteOrder.BIG_ENDIAN);
    exif.putShort((short) 0xFFE1).putShort((short) (exif.capacity() - 2));
    exif.put("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    exif.put(tiff);
    byte[] result = new byte[jpeg.length + exif.capacity()];
    System.arraycopy(jpeg, 0, result, 0, 2);
    System.arraycopy(exif.array(), 0, result, 2, exif.capacity());
    System.arraycopy(jpeg, 2, result, 2 + exif.capacity(), jpeg.length - 2);
    return result;
  }

  /** {@code png} with an {@code eXIf} chunk holding only the orientation tag, right after IHDR. */
  static byte[] pngWithOrientation(byte[] png, int orientation) {
    byte[] tiff = tiffWithOrientation(orientation);
    int afterHeader = 8 + 4 + 4 + 13 + 4; // signature, then IHDR: length, type, 13 bytes, CRC
    ByteBuffer chunk = ByteBuffer.allocate(4 + 4 + tiff.length + 4).order(ByteOrder.BIG_ENDIAN);
    chunk.putInt(tiff.length).put("eXIf".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).put(tiff);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(chunk.array(), 4, 4 + tiff.length);
    chunk.putInt((int) crc.getValue());
    byte[] result = new byte[png.length + chunk.capacity()];
    System.arraycopy(png, 0, result, 0, afterHeader);
    System.arraycopy(chunk.array(), 0, result, afterHeader, chunk.capacity());
    System.arraycopy(png, afterHeader, result, afterHeader + chunk.capacity(), png.length - afterHeader);
    return result;
  }

  /**
   * {@code webp} (a simple-format file: RIFF, WEBP, one image chunk) in the extended format: a VP8X
   * chunk announcing EXIF, the image chunk, then an {@code EXIF} chunk holding only the orientation
   * tag, where cameras and libwebp put it.
   */
  static byte[] webpWithOrientation(byte[] webp, int width, int height, int orientation) {
    byte[] tiff = tiffWithOrientation(orientation);
    int image = webp.length - 12;
    int exifChunk = 8 + tiff.length + (tiff.length & 1);
    ByteBuffer out = ByteBuffer.allocate(12 + 18 + image + exifChunk).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(out.capacity() - 8)
        .put("WEBP".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    out.put("VP8X".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(10);
    out.put((byte) 0x08).put((byte) 0).put((byte) 0).put((byte) 0); // flags: EXIF present
    out.put((byte) (width - 1)).put((byte) ((width - 1) >> 8)).put((byte) ((width - 1) >> 16));
    out.put((byte) (height - 1)).put((byte) ((height - 1) >> 8)).put((byte) ((height - 1) >> 16));
    out.put(webp, 12, image);
    out.put("EXIF".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).putInt(tiff.length).put(tiff);
    return out.array();
  }
}
