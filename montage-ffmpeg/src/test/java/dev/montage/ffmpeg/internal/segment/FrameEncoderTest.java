package dev.montage.ffmpeg.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.core.MontageException;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.SyntheticMedia;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Montage's own encoder (the one VAAPI's encoders are fed through) run with the build's software
 * H.264 encoder: the same sequence minus the GPU upload. Every picture comes back, in order, at the
 * output's rate; failures are typed and leave nothing open. Where no VAAPI device exists (CI), the
 * VAAPI encoder's refusal names the device.
 */
@CheckLeaks
class FrameEncoderTest {

  private static final int WIDTH = 160;
  private static final int HEIGHT = 120;
  private static final int BARS = 12;

  @TempDir Path dir;

  static OutputFormat format() {
    return new OutputFormat(WIDTH, HEIGHT, 30, 48_000, 2);
  }

  private static EncoderSettings software() {
    String h264 = EncoderChoice.h264();
    boolean crf = h264.equals(EncoderChoice.X264);
    return new EncoderSettings(h264, crf ? "veryfast" : "", crf ? 18 : EncoderChoice.NO_CRF, 2_000_000, 60, 1, "", "");
  }

  /** A yuv420p picture whose middle third is the testkit's barcode of {@code index}. */
  static ByteBuffer picture(int index) {
    ByteBuffer yuv = ByteBuffer.allocateDirect(WIDTH * HEIGHT * 3 / 2);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        boolean band = y >= HEIGHT / 3 && y < HEIGHT * 2 / 3;
        int bit = BARS - 1 - x * BARS / WIDTH;
        yuv.put(y * WIDTH + x, (byte) (!band ? 128 : (index >> bit & 1) == 1 ? 235 : 16));
      }
    }
    for (int i = WIDTH * HEIGHT; i < yuv.capacity(); i++) {
      yuv.put(i, (byte) 128);
    }
    return yuv;
  }

  static List<Integer> decodedIndexes(Path file) throws Exception {
    List<Integer> indexes = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      assertEquals(30, grabber.getFrameRate(), 0.01);
      assertEquals(WIDTH, grabber.getImageWidth());
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        indexes.add(SyntheticMedia.readFrameIndex(frame));
      }
    }
    return indexes;
  }

  @Test
  void everyPictureComesBack_inOrder() throws Exception {
    Path file = dir.resolve("segment.mp4");
    try (FrameEncoder encoder = FrameEncoder.open(file, format(), software(), 0)) {
      for (int i = 0; i < 45; i++) {
        encoder.encode(picture(i), 0);
      }
      encoder.finish(0);
    }

    assertEquals(IntStream.range(0, 45).boxed().toList(), decodedIndexes(file));
  }

  @Test
  void closedWithoutFinishing_freesEverything_andLeavesThePartialFileToTheCaller() throws Exception {
    Path file = dir.resolve("partial.mp4");
    try (FrameEncoder encoder = FrameEncoder.open(file, format(), software(), 3)) {
      encoder.encode(picture(0), 3);
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void aFileThatCannotBeCreated_failsTyped_namingTheClipAndTheFile() {
    Path file = dir.resolve("missing-dir/segment.mp4");
    MontageException e = assertThrows(MontageException.class, () -> FrameEncoder.open(file, format(), software(), 4));
    assertEquals(java.util.OptionalInt.of(4), e.clipIndex());
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("avio_open"), e.getMessage());
  }

  @Test
  void anEncoderTheBuildLacks_failsTyped() {
    EncoderSettings missing = new EncoderSettings("no_such_encoder", "", EncoderChoice.NO_CRF, 1, 60, 0, "", "");
    MontageException e = assertThrows(MontageException.class,
        () -> FrameEncoder.open(dir.resolve("x.mp4"), format(), missing, 2));
    assertTrue(e.getMessage().contains("no_such_encoder is not in this FFmpeg build"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("x.mp4")));
  }

  @Test
  void vaapi_withoutADevice_saysTheDeviceDidNotOpen() {
    assumeTrue(Files.notExists(Path.of("/dev/dri")), "this machine has GPU device nodes");
    Optional<String> refusal = EncoderChoice.tryOpen("h264_vaapi", WIDTH, HEIGHT, 30);
    assertTrue(refusal.orElse("").startsWith("the VAAPI device did not open: "), refusal.toString());
    assertTrue(refusal.orElse("").endsWith(FrameEncoder.LIBVA_ADVICE), "says how to use the system's libva: " + refusal);
  }

  @Test
  void usedAfterClose_failsAsSuch() throws Exception {
    FrameEncoder encoder = FrameEncoder.open(dir.resolve("closed.mp4"), format(), software(), 0);
    encoder.close();
    encoder.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> encoder.encode(picture(0), 0));
    assertTrue(e.getMessage().contains("used after close"), e.getMessage());
  }
}
