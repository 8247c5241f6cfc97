package dev.montage.ffmpeg.internal.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.testkit.SyntheticImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EXIF orientation read from JPEG, PNG and WebP files as phones and editors write them, and nothing from anything else. */
class ExifOrientationTest {

  @TempDir Path dir;

  @Test
  void rotation_ofEachRotatingOrientation() {
    assertEquals(0, ExifOrientation.rotation(SyntheticImage.write(dir.resolve("1.jpg"), 32, 16, (x, y) -> x, 1)));
    assertEquals(180, ExifOrientation.rotation(SyntheticImage.write(dir.resolve("3.jpg"), 32, 16, (x, y) -> x, 3)));
    assertEquals(90, ExifOrientation.rotation(SyntheticImage.write(dir.resolve("6.jpg"), 32, 16, (x, y) -> x, 6)));
    assertEquals(270, ExifOrientation.rotation(SyntheticImage.write(dir.resolve("8.jpg"), 32, 16, (x, y) -> x, 8)));
  }

  @Test
  void rotation_ofPngsAndWebps() {
    for (String extension : new String[] {"png", "webp"}) {
      for (int[] orientation : new int[][] {{1, 0}, {3, 180}, {6, 90}, {8, 270}}) {
        Path image = SyntheticImage.write(dir.resolve(orientation[0] + "." + extension), 32, 16, (x, y) -> x,
            orientation[0]);
        assertEquals(orientation[1], ExifOrientation.rotation(image), image.toString());
      }
    }
  }

  @Test
  void rotation_ofMirroredOrientationsIsTheirTurn() {
    assertEquals(0, ExifOrientation.degrees(2));
    assertEquals(180, ExifOrientation.degrees(4));
    assertEquals(270, ExifOrientation.degrees(5));
    assertEquals(90, ExifOrientation.degrees(7));
    assertEquals(0, ExifOrientation.degrees(0));
    assertEquals(0, ExifOrientation.degrees(9));
  }

  @Test
  void rotation_nothingForUprightPngsDamageAndMissingFiles() {
    assertEquals(0, ExifOrientation.rotation(SyntheticImage.write(dir.resolve("a.png"), 8, 8, (x, y) -> 0, 1)));
    assertEquals(0, ExifOrientation.rotationOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0, 8,
        'E', 'x', 'i', 'f', 0, 0, 'M', 'M'}));
    assertEquals(0, ExifOrientation.rotationOf(new byte[0]));
    assertEquals(0, ExifOrientation.rotation(dir.resolve("missing.jpg")));
  }
}
