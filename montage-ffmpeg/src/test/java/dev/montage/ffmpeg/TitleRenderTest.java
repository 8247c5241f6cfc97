package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderResult;
import dev.montage.core.TextStyle;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Title cards and texts over the montage, rendered and decoded: the card's background fills the
 * frame and its text is bright where the style puts it; a lower third shows exactly over its span
 * and leaves the picture above it (the barcode) untouched.
 */
@CheckLeaks
class TitleRenderTest {

  private static final int W = 320;
  private static final int H = 180;
  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  private MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(W, H).frameRate(30)
        .tempDir(jobTemp).hardware(RenderTest.SMALL_MACHINE);
  }

  @Test
  void render_titleCardThenVideo() throws Exception {
    Path video = RenderTest.source(W, H, 30, 1, 440);
    MontageJob job = builder()
        .title("MONTAGE", Duration.ofSeconds(1), TextStyle.title().withBackground(0xFF203080))
        .clip(video)
        .build();
    RenderResult result = job.render();
    assertEquals(60, result.frameCount());
    List<Frame420> frames = decode(result.output());
    Frame420 card = frames.get(15);
    // The background fills the frame: corners and edges are the blue's luma and chroma.
    int blueLuma = 16 + ((66 * 0x20 + 129 * 0x30 + 25 * 0x80 + 128) >> 8);
    for (int[] at : new int[][] {{4, 4}, {W - 5, 4}, {4, H - 5}, {W - 5, H - 5}, {W / 2, 6}}) {
      assertEquals(blueLuma, card.luma(at[0], at[1]), 3, "background at " + at[0] + "," + at[1]);
      assertTrue(card.v(at[0], at[1]) < 128 && card.u(at[0], at[1]) > 140, "blue chroma");
    }
    // The white text is in the middle band: bright pixels there, none in the top or bottom quarter.
    assertTrue(card.brightCount(0, H * 3 / 8, W, H * 5 / 8) > 200, "text in the middle: " + card.brightCount(0, H * 3 / 8, W, H * 5 / 8));
    assertEquals(0, card.brightCount(0, 0, W, H / 4), "nothing drawn above");
    assertEquals(0, card.brightCount(0, H * 3 / 4, W, H), "nothing drawn below");
    // Centred: as much text left of the middle as right of it, within a letter.
    int left = card.brightCount(0, H * 3 / 8, W / 2, H * 5 / 8);
    int right = card.brightCount(W / 2, H * 3 / 8, W, H * 5 / 8);
    assertTrue(Math.abs(left - right) < (left + right) / 4, "centred: " + left + " left, " + right + " right");
    // Silent card, then the video with its barcode and tone.
    DecodedVideo out = DecodedVideo.of(result.output());
    assertTrue(out.rmsAt(0.2, 0.6) < 100, "the card is silent");
    assertEquals(5, out.frameIndexes().get(35));
  }

  @Test
  void render_lowerThirdOverItsSpanOnly() throws Exception {
    Path video = RenderTest.source(W, H, 30, 2, 440);
    RenderResult result = builder()
        .clip(video)
        .text("Ada Lovelace", Duration.ofMillis(500), Duration.ofMillis(1500), TextStyle.lowerThird().withBackground(0xFF000000))
        .batchSizing((w, h, memory) -> 1)
        .build().render();
    List<Frame420> frames = decode(result.output());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(60, frames.size());
    // Frames 15 to 44 carry the text (0.5 s to 1.5 s at 30 fps); the picture above it is untouched.
    int top = H * 2 / 3;
    for (int k = 0; k < 60; k++) {
      boolean shown = k >= 15 && k < 45;
      Frame420 frame = frames.get(k);
      int dark = frame.darkCount(W / 4, top, W * 3 / 4, top + H / 10);
      assertEquals(shown, dark > 100, "frame " + k + ": " + dark + " dark box pixels");
      assertEquals(k, out.frameIndexes().get(k), "the barcode above the text, frame " + k);
    }
  }

  @Test
  void render_textsThatNeverShowAreReported() {
    Path video = RenderTest.source(W, H, 30, 1, 440);
    RenderResult result = builder()
        .clip(video, Duration.ZERO, Duration.ofMillis(500))
        .text("late", Duration.ofSeconds(30), Duration.ofSeconds(40), TextStyle.lowerThird())
        .text("blink", Duration.ofMillis(200), Duration.ofMillis(210), TextStyle.lowerThird())
        .text("shown", Duration.ofMillis(100), Duration.ofMillis(400), TextStyle.lowerThird())
        .render();
    assertEquals(15, result.frameCount());
    List<String> unseen = result.warnings().stream().filter(w -> w.contains("never shows")).toList();
    assertEquals(2, unseen.size(), result.warnings().toString());
    assertTrue(unseen.get(0).contains("'late' never shows: it starts at frame 900, after the montage's last frame (14)"),
        unseen.toString());
    assertTrue(unseen.get(1).contains("'blink' never shows: it is shorter than a frame"), unseen.toString());
  }

  @Test
  void render_textTheFontsCannotDrawFailsBeforeRendering() {
    Path video = RenderTest.source(W, H, 30, 1, 440);
    dev.montage.core.InvalidJobException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.montage.core.InvalidJobException.class, () -> builder().clip(video)
            .text("你好", Duration.ZERO, Duration.ofMillis(500), TextStyle.lowerThird()).render());
    assertTrue(e.getMessage().contains("the bundled fonts cannot draw"), e.getMessage());
    assertTrue(java.nio.file.Files.notExists(dir.resolve("out.mp4")));
  }

  @Test
  void render_titleAndTextInWorkerProcesses() throws Exception {
    Path video = RenderTest.source(W, H, 30, 1, 440);
    RenderResult result = builder().isolation(dev.montage.core.Isolation.PROCESS)
        .title("Worker", Duration.ofMillis(500), TextStyle.title())
        .clip(video)
        .text("Ada", Duration.ofMillis(600), Duration.ofMillis(1200), TextStyle.lowerThird().withBackground(0xFF000000))
        .render();
    List<Frame420> frames = decode(result.output());
    assertEquals(45, frames.size());
    assertTrue(frames.get(7).brightCount(0, H * 3 / 8, W, H * 5 / 8) > 100, "the title, drawn in a worker");
    assertTrue(frames.get(25).darkCount(W / 4, H * 2 / 3, W * 3 / 4, H * 2 / 3 + H / 10) > 100, "the text's box");
  }

  /** One decoded yuv420p frame. */
  private record Frame420(byte[] yuv) {
    int luma(int x, int y) {
      return yuv[y * W + x] & 0xFF;
    }

    int u(int x, int y) {
      return yuv[W * H + y / 2 * (W / 2) + x / 2] & 0xFF;
    }

    int v(int x, int y) {
      return yuv[W * H * 5 / 4 + y / 2 * (W / 2) + x / 2] & 0xFF;
    }

    int brightCount(int x0, int y0, int x1, int y1) {
      int count = 0;
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          count += luma(x, y) > 180 ? 1 : 0;
        }
      }
      return count;
    }

    int darkCount(int x0, int y0, int x1, int y1) {
      int count = 0;
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          count += luma(x, y) < 45 ? 1 : 0;
        }
      }
      return count;
    }
  }

  private static List<Frame420> decode(Path file) throws Exception {
    List<Frame420> frames = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
      grabber.start();
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        ByteBuffer image = (ByteBuffer) frame.image[0];
        image.limit(image.capacity());
        byte[] yuv = new byte[W * H * 3 / 2];
        int stride = frame.imageStride;
        for (int y = 0; y < H; y++) {
          image.get(y * stride, yuv, y * W, W);
        }
        int chroma = stride * H;
        for (int plane = 0; plane < 2; plane++) {
          for (int y = 0; y < H / 2; y++) {
            image.get(chroma + plane * (stride / 2) * (H / 2) + y * (stride / 2), yuv, W * H + plane * (W / 2) * (H / 2)
                + y * (W / 2), W / 2);
          }
        }
        frames.add(new Frame420(yuv));
      }
    }
    return frames;
  }
}
