package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Clip;
import dev.montage.core.MontageBuilder;
import dev.montage.core.PanZoom;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pan and zoom over video clips, decoded: the testkit's barcode (12 bars across the source's width,
 * the frame index's most significant bit on the left) cropped to its right half shows the index's
 * low six bits across the whole output, so every output frame proves which source frame it cropped
 * and where. A 320x240 source into a 160x120 output: half the source is the output's size.
 */
@CheckLeaks
class VideoPanZoomRenderTest {

  private static final Path SOURCE = RenderTest.source(320, 240, 30, 2, 440);
  private static final PanZoom.Region LEFT_HALF = new PanZoom.Region(0, 0.25, 0.5, 0.5);
  private static final PanZoom.Region RIGHT_HALF = new PanZoom.Region(0.5, 0.25, 0.5, 0.5);
  /** An output row inside the barcode band (the source's middle third, rows 80-160 of 240, seen through rows 60-180). */
  private static final int BAND_ROW = 60;

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  private MontageBuilder builder(PanZoom motion) {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(RenderTest.SMALL_MACHINE)
        .clip(Clip.of(SOURCE, Duration.ofMillis(500), Duration.ofMillis(1500)).withPanZoom(motion));
  }

  @Test
  void aHeldCrop_showsEverySourceFrameInOrder() throws Exception {
    RenderResult result = builder(new PanZoom(RIGHT_HALF, RIGHT_HALF)).render();

    List<int[]> frames = DecodedVideo.lumaPlanes(result.output());
    assertEquals(30, frames.size());
    for (int k = 0; k < frames.size(); k++) {
      assertEquals((15 + k) & 63, lowBits(frames.get(k)), "output frame " + k);
    }
  }

  @Test
  void aPan_movesFromItsFirstRegionToItsLast() throws Exception {
    RenderResult result = builder(new PanZoom(LEFT_HALF, RIGHT_HALF)).render();

    List<int[]> frames = DecodedVideo.lumaPlanes(result.output());
    assertEquals(30, frames.size());
    // First frame: the left half, the index's high bits, all 0 below 64: every bar dark.
    for (int x = 8; x < 160; x += 13) {
      assertTrue(frames.get(0)[BAND_ROW * 160 + x] < 100, "bar at x " + x + " of the first frame");
    }
    // Last frame: the right half of source frame 44.
    assertEquals(44 & 63, lowBits(frames.get(29)));
  }

  @Test
  void aPortraitPhoneVideo_isCroppedAsItIsShown() throws Exception {
    // Stored 320x240 with the barcode's bars across x, shown turned 90 degrees clockwise (240x320):
    // the bars run down the picture, the most significant at the top. The crop keeps the middle half
    // of the height (shown rows 80-240 of 320: bars 3 to 8, the index's bits 8 to 3), full width,
    // fitted into 160x120 as 160x106 from row 7.
    Path portrait = dev.montage.testkit.SyntheticMedia.cached(
        dev.montage.testkit.SyntheticSpec.of(320, 240, 30, Duration.ofSeconds(2)).withRotation(90));
    PanZoom middle = new PanZoom(new PanZoom.Region(0, 0.25, 1, 0.5), new PanZoom.Region(0, 0.25, 1, 0.5));
    RenderResult result = MontageBuilder.create().output(dir.resolve("portrait.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(RenderTest.SMALL_MACHINE)
        .clip(Clip.of(portrait, Duration.ofMillis(500), Duration.ofMillis(1500)).withPanZoom(middle)).render();

    List<int[]> frames = DecodedVideo.lumaPlanes(result.output());
    assertEquals(30, frames.size());
    for (int k = 0; k < frames.size(); k++) {
      int bits = 0;
      for (int bar = 3; bar <= 8; bar++) {
        int y = (int) Math.round(7 + ((bar + 0.5) * 320 / 12.0 - 80) * 106 / 160.0);
        bits = bits << 1 | (frames.get(k)[y * 160 + 80] > 128 ? 1 : 0);
      }
      assertEquals((15 + k) >> 3 & 63, bits, "output frame " + k);
    }
  }

  @Test
  void isolated_rendersTheSamePictures() throws Exception {
    PanZoom pan = new PanZoom(LEFT_HALF, RIGHT_HALF);
    RenderResult local = builder(pan).render();
    List<Long> inProcess = DecodedVideo.of(local.output()).frameChecksums();
    RenderResult isolated = builder(pan).output(dir.resolve("isolated.mp4")).build()
        .render(dev.montage.core.RunOptions.builder().isolation(dev.montage.core.Isolation.PROCESS).build());

    assertEquals(inProcess, DecodedVideo.of(isolated.output()).frameChecksums());
  }

  @Test
  void aHeldCrop_crossfadesIntoTheNextClip_andKeepsItsFramesUpToTheFade() throws Exception {
    // 30 + 30 frames with a 10-frame crossfade: 50 frames; the crop's frames stand alone until frame 20.
    RenderResult result = builder(new PanZoom(RIGHT_HALF, RIGHT_HALF))
        .clip(SOURCE, Duration.ZERO, Duration.ofSeconds(1))
        .crossfade(Duration.ofMillis(333)).render();

    List<int[]> frames = DecodedVideo.lumaPlanes(result.output());
    assertEquals(50, frames.size());
    for (int k = 0; k < 20; k++) {
      assertEquals((15 + k) & 63, lowBits(frames.get(k)), "output frame " + k);
    }
  }

  @Test
  void thePlanSaysWhyTheClipIsEncoded() {
    RenderPlan plan = builder(PanZoom.zoomInto(PanZoom.Region.centred(0.5))).plan();
    assertEquals("pans and zooms: its frames are cropped and encoded", plan.clips().get(0).reason());
  }

  /** The six bars of the barcode's right half, read across the output (each 160 / 6 pixels wide). */
  private static int lowBits(int[] luma) {
    int bits = 0;
    for (int bar = 0; bar < 6; bar++) {
      int x = (int) ((bar + 0.5) * 160 / 6);
      bits = bits << 1 | (luma[BAND_ROW * 160 + x] > 128 ? 1 : 0);
    }
    return bits;
  }
}
