package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Clip;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.PanZoom;
import dev.montage.core.RenderResult;
import dev.montage.core.SourceMediaException;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stills rendered and decoded: shown for their duration between video clips, fitted and turned
 * upright by their EXIF orientation, panning and zooming the way their motion says; unreadable
 * images fail typed, naming the clip.
 */
@CheckLeaks
class StillRenderTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  private MontageBuilder builder() {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(RenderTest.SMALL_MACHINE);
  }

  /** A bright top-left quadrant on a dark picture, as displayed. */
  private static int quadrant(int x, int y, int width, int height) {
    return x < width / 2 && y < height / 2 ? 235 : 40;
  }

  @Test
  void render_pngBetweenVideoClips() throws Exception {
    Path video = RenderTest.source(160, 120, 30, 2, 440);
    Path png = SyntheticImage.write(dir.resolve("photo.png"), 320, 240, (x, y) -> quadrant(x, y, 320, 240), 1);
    MontageJob job = builder()
        .clip(video, Duration.ZERO, Duration.ofSeconds(1))
        .image(png, Duration.ofSeconds(1))
        .clip(video, Duration.ofSeconds(1), Duration.ofSeconds(2))
        .build();
    RenderResult result = job.render();
    assertEquals(90, result.frameCount());
    List<int[]> lumas = DecodedVideo.lumaPlanes(result.output());
    assertEquals(90, lumas.size());
    DecodedVideo out = DecodedVideo.of(result.output());
    assertEquals(29, out.frameIndexes().get(29));
    assertEquals(30, out.frameIndexes().get(60));
    for (int frame : new int[] {30, 45, 59}) {
      int[] luma = lumas.get(frame);
      assertTrue(at(luma, 40, 30) > 200, "top left of the still, frame " + frame + ": " + at(luma, 40, 30));
      assertTrue(at(luma, 120, 30) < 70, "top right, frame " + frame);
      assertTrue(at(luma, 120, 90) < 70, "bottom right, frame " + frame);
    }
    // Silent under the still, the video clips' tone around it.
    assertTrue(out.rmsAt(1.2, 0.6) < 100, "sound under the still " + out.rmsAt(1.2, 0.6));
    assertEquals(440, out.toneAt(2.2, 0.6), 10);
  }

  /**
   * Once a finding (the testkit's arbitraries, with an image source): a grabber that had given an
   * image's one picture (to the probe, or to the first clip of it) went back to the pool and gave
   * the next clip of the same image nothing; the render failed "the image could not be decoded".
   */
  @Test
  void render_sameImageTwice() throws Exception {
    Path png = SyntheticImage.write(dir.resolve("photo.png"), 320, 240, (x, y) -> quadrant(x, y, 320, 240), 1);
    RenderResult result = builder().image(png, Duration.ofMillis(500)).image(png, Duration.ofMillis(500)).render();
    List<int[]> lumas = DecodedVideo.lumaPlanes(result.output());
    assertEquals(30, lumas.size());
    assertTrue(at(lumas.get(5), 40, 30) > 200 && at(lumas.get(25), 40, 30) > 200, "both show the image");
  }

  @Test
  void render_webpFitted() throws Exception {
    Path webp = SyntheticImage.write(dir.resolve("photo.webp"), 320, 120, (x, y) -> quadrant(x, y, 320, 120), 1);
    RenderResult result = builder().image(webp, Duration.ofMillis(500)).render();
    int[] luma = DecodedVideo.lumaPlanes(result.output()).get(0);
    // Letterboxed: 320x120 shows as 160x60 in the middle of 160x120 (y 30 to 89).
    assertTrue(at(luma, 80, 10) < 24, "letterbox " + at(luma, 80, 10));
    assertTrue(at(luma, 40, 45) > 200, "top left " + at(luma, 40, 45));
    assertTrue(at(luma, 120, 45) < 70, "top right " + at(luma, 120, 45));
    assertTrue(at(luma, 40, 75) < 70, "bottom left " + at(luma, 40, 75));
  }

  @Test
  void render_imagesTurnedByTheirExifOrientation() throws Exception {
    for (String extension : new String[] {"jpg", "png", "webp"}) {
      // Displayed 240x320 (portrait), stored 320x240 with orientation 6, as a phone writes it.
      Path image = SyntheticImage.write(dir.resolve("portrait." + extension), 240, 320,
          (x, y) -> quadrant(x, y, 240, 320), 6);
      RenderResult result = builder().output(dir.resolve("out-" + extension + ".mp4"))
          .image(image, Duration.ofMillis(500)).render();
      int[] luma = DecodedVideo.lumaPlanes(result.output()).get(0);
      // Pillarboxed: the portrait picture is 90x120 in the middle of 160x120 (x 35 to 124).
      assertTrue(at(luma, 10, 60) < 24, extension + ": pillar " + at(luma, 10, 60));
      assertTrue(at(luma, 150, 60) < 24, extension + ": pillar " + at(luma, 150, 60));
      assertTrue(at(luma, 55, 30) > 200, extension + ": top left of the upright picture " + at(luma, 55, 30));
      assertTrue(at(luma, 105, 30) < 70, extension + ": top right " + at(luma, 105, 30));
      assertTrue(at(luma, 55, 90) < 70, extension + ": bottom left " + at(luma, 55, 90));
    }
  }

  @Test
  void render_panZoomMovesTheWayItsRegionsSay() throws Exception {
    // A horizontal gradient: dark on the left, bright on the right. The pan goes from the left
    // half to the right half (both the middle half of the height: the output's 4:3 aspect).
    Path png = SyntheticImage.write(dir.resolve("gradient.png"), 640, 480, (x, y) -> 16 + x * 220 / 640, 1);
    PanZoom pan = new PanZoom(new PanZoom.Region(0, 0.25, 0.5, 0.5), new PanZoom.Region(0.5, 0.25, 0.5, 0.5));
    RenderResult result = builder().clip(Clip.image(png, Duration.ofSeconds(1)).withPanZoom(pan)).render();
    List<int[]> lumas = DecodedVideo.lumaPlanes(result.output());
    assertEquals(30, lumas.size());
    // First frame: the left half of the gradient fills the frame (16 at its left edge to 126 at its right).
    assertEquals(16 + 55, at(lumas.get(0), 80, 60), 8);
    // Last frame: the right half (126 to 236).
    assertEquals(126 + 55, at(lumas.get(29), 80, 60), 8);
    // Eased: the centre brightens monotonically, slowly at the ends and fastest in the middle.
    int previous = 0;
    for (int[] luma : lumas) {
      assertTrue(at(luma, 80, 60) >= previous - 2, "the pan went back");
      previous = at(luma, 80, 60);
    }
    int early = at(lumas.get(3), 80, 60) - at(lumas.get(0), 80, 60);
    int middle = at(lumas.get(16), 80, 60) - at(lumas.get(13), 80, 60);
    assertTrue(middle > 2 * early, "eased: " + early + " in the first 3 frames, " + middle + " in the middle 3");
  }

  @Test
  void render_unreadableImageFailsNamingTheClip() throws Exception {
    Path video = RenderTest.source(160, 120, 30, 1, 440);
    Path broken = Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    SourceMediaException e = assertThrows(SourceMediaException.class, () -> builder()
        .clip(video).image(broken, Duration.ofSeconds(1)).render());
    assertEquals(java.util.OptionalInt.of(1), e.clipIndex());
    assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("out.mp4")), "nothing at the output path");
  }

  @Test
  void render_imageAddedAsVideoClipSaysHowToAddIt() {
    Path png = SyntheticImage.write(dir.resolve("photo.png"), 64, 48, (x, y) -> 128, 1);
    SourceMediaException e = assertThrows(SourceMediaException.class, () -> builder().clip(png).render());
    assertTrue(e.getMessage().contains("is a still image; add it with image(path, duration)"), e.getMessage());
  }

  private static int at(int[] luma, int x, int y) {
    return luma[y * 160 + x];
  }
}
