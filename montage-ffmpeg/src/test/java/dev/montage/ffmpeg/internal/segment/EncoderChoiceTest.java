package dev.montage.ffmpeg.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.MontageBuilder;
import dev.montage.core.Quality;
import dev.montage.core.RenderSettings;
import dev.montage.core.VideoCodec;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rate-control table of {@link dev.montage.core.Quality}, applied per encoder, and where hardware
 * encoders are tried, without media.
 */
class EncoderChoiceTest {

  private static MontageBuilder job() {
    return MontageBuilder.create().clip(Path.of("a.mp4")).output(Path.of("out.mp4"));
  }

  private static EncoderSettings settings(MontageBuilder job, String codec) {
    return EncoderChoice.settings(job.build().settings(), codec, 1920, 1080, 30, 2);
  }

  @Test
  void x264_getsTheQualitysCrfAndTheDefaultPreset() {
    EncoderSettings x264 = settings(job(), EncoderChoice.X264);
    assertEquals(23, x264.crf());
    assertEquals(RenderSettings.DEFAULT_PRESET, x264.preset());
    assertEquals(17, settings(job().quality(Quality.VERY_HIGH), EncoderChoice.X264).crf());
    assertEquals(12, settings(job().crf(12).preset("slow"), EncoderChoice.X264).crf());
    assertEquals("slow", settings(job().crf(12).preset("slow"), EncoderChoice.X264).preset());
  }

  @Test
  void x265_getsItsOwnCrfScale() {
    assertEquals(25, settings(job().quality(Quality.HIGH), EncoderChoice.X265).crf());
  }

  @Test
  void videoBitrate_switchesX264ToAverageBitrate() {
    EncoderSettings x264 = settings(job().videoBitrate(3_000_000), EncoderChoice.X264);
    assertEquals(EncoderChoice.NO_CRF, x264.crf());
    assertEquals(3_000_000, x264.bitrate());
  }

  @Test
  void openH264_getsTheQualitysBitrate() {
    EncoderSettings openh264 = settings(job().quality(Quality.HIGH), EncoderChoice.OPENH264);
    assertEquals(EncoderChoice.NO_CRF, openh264.crf());
    assertEquals(9_331_200, openh264.bitrate());
    assertEquals(6_220_800, settings(job().crf(18), EncoderChoice.OPENH264).bitrate());
    assertEquals(2_000_000, settings(job().videoBitrate(2_000_000), EncoderChoice.OPENH264).bitrate());
  }

  @Test
  void unsupported_onlyWhatTheEncoderCannotHonour() {
    RenderSettings all = job().crf(18).preset("slow").build().settings();
    assertEquals(List.of(), EncoderChoice.unsupported(all, EncoderChoice.X264, 1920, 1080, 30));
    assertEquals(List.of(
            "crf 18 ignored: libopenh264 has no constant rate factor; encoded at 6220800 bit/s (quality STANDARD);"
                + " set quality(...) or videoBitrate(...) instead, or use the GPL build (libx264)",
            "preset 'slow' ignored: libopenh264 has no presets"),
        EncoderChoice.unsupported(all, EncoderChoice.OPENH264, 1920, 1080, 30));
    assertEquals(List.of(), EncoderChoice.unsupported(job().quality(Quality.LOW).build().settings(),
        EncoderChoice.OPENH264, 1920, 1080, 30));
    assertEquals(List.of(), EncoderChoice.unusedByCopy(job().build().settings()));
  }

  @Test
  void quickSync_isTriedOnlyWhereAnIntelGpuHasARenderNode_vaapiOnTheFirstThatIsNotNvidias(@TempDir Path drm)
      throws Exception {
    java.util.function.Predicate<String> intel = EncoderChoice.RenderNodes.INTEL::equals;
    java.util.function.Predicate<String> notNvidia = vendor -> !vendor.equals(EncoderChoice.RenderNodes.NVIDIA);
    assertEquals(Optional.empty(), EncoderChoice.RenderNodes.first(drm.resolve("missing"), notNvidia));
    Files.createDirectories(drm.resolve("card1/device"));
    Files.writeString(drm.resolve("card1/device/vendor"), "0x8086\n"); // a card node, not a render node
    assertEquals(Optional.empty(), EncoderChoice.RenderNodes.first(drm, notNvidia));
    Path nvidia = Files.createDirectories(drm.resolve("renderD128/device"));
    Files.writeString(nvidia.resolve("vendor"), "0x10de\n");
    Path amd = Files.createDirectories(drm.resolve("renderD129/device"));
    Files.writeString(amd.resolve("vendor"), "0x1002\n");
    assertEquals(Optional.empty(), EncoderChoice.RenderNodes.first(drm, intel));
    assertEquals(Optional.of("renderD129"), EncoderChoice.RenderNodes.first(drm, notNvidia), "AMD's, not NVIDIA's");
    Path intelNode = Files.createDirectories(drm.resolve("renderD130/device"));
    Files.writeString(intelNode.resolve("vendor"), "0x8086\n");
    assertEquals(Optional.of("renderD130"), EncoderChoice.RenderNodes.first(drm, intel));
  }

  @Test
  void hardwareEncoderNames_andWhatEachIsFed() {
    assertEquals("h264_qsv", EncoderChoice.hardwareEncoder(VideoCodec.H264, "qsv"));
    assertEquals("hevc_vaapi", EncoderChoice.hardwareEncoder(VideoCodec.HEVC, "vaapi"));
    assertEquals("vp9_vaapi", EncoderChoice.hardwareEncoder(VideoCodec.VP9, "vaapi"));
    assertEquals("", EncoderChoice.hardwareEncoder(VideoCodec.VP9, "nvenc"));
    assertEquals(avutil.AV_PIX_FMT_NV12, EncoderChoice.pixelFormat("hevc_qsv"));
    assertEquals(avutil.AV_PIX_FMT_YUV420P, EncoderChoice.pixelFormat("libx264"));
    assertEquals(true, EncoderChoice.takesGpuSurfaces("h264_vaapi"));
    assertEquals(false, EncoderChoice.takesGpuSurfaces("h264_qsv"));
  }

  @Test
  void options_carryWhatTheEncoderTakes_inOneOrder() {
    EncoderSettings x264 = new EncoderSettings(EncoderChoice.X264, "veryfast", 23, 0, 60, 2, "rc-lookahead=10", "high");
    assertEquals(List.of("preset=veryfast", "crf=23", "x264-params=rc-lookahead=10", "profile=high", "threads=2"),
        EncoderChoice.options(x264).entrySet().stream().map(Object::toString).toList());
    EncoderSettings vaapi = new EncoderSettings("h264_vaapi", "", EncoderChoice.NO_CRF, 5_000_000, 60, 0, "", "");
    assertEquals(java.util.Map.of(), EncoderChoice.options(vaapi));
  }
}
