package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.EncodingException;
import dev.montage.core.HardwareEncoding;
import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.VideoCodec;
import dev.montage.core.policy.Hardware;
import dev.montage.ffmpeg.internal.segment.EncoderChoice;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardware encoding where there is no GPU (every CI machine): AUTO falls back to software and says
 * why, also when a GPU is reported but its encoder does not open; REQUIRED fails typed. The GPU path
 * itself is checked by benchmarks/gpu-check.sh on a machine with an NVIDIA GPU; Quick Sync is tried
 * only where sysfs shows an Intel render node, VAAPI where it shows any render node (none here).
 */
@CheckLeaks
class HardwareEncodingTest {

  static final Path SOURCE = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(1)));

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  MontageBuilder job(boolean gpuReported) {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, gpuReported)).clip(SOURCE);
  }

  @Test
  void auto_withoutAGpu_encodesInSoftware_andSaysWhy() throws Exception {
    RenderResult result = job(false).hardwareEncoding(HardwareEncoding.AUTO).render();

    assertEquals(EncoderChoice.OPENH264, result.videoEncoder());
    assertTrue(result.warnings().contains("hardware encoding (AUTO) fell back to libopenh264: no NVIDIA GPU was"
        + " detected (nvidia-smi did not answer); no Intel GPU render node for Quick Sync (/sys/class/drm);"
        + " no GPU render node for VAAPI (/sys/class/drm)"),
        result.warnings().toString());
    assertEquals(30, DecodedVideo.of(result.output()).frameCount());
  }

  @Test
  void auto_whereNvencDoesNotOpen_fallsBack_namingTheEncodersAnswer() throws Exception {
    RenderResult result = job(true).hardwareEncoding(HardwareEncoding.AUTO).render();

    assertEquals(EncoderChoice.OPENH264, result.videoEncoder());
    assertTrue(result.warnings().stream().anyMatch(w -> w.contains("h264_nvenc did not open at 160x120: error")),
        result.warnings().toString());
    assertEquals(30, DecodedVideo.of(result.output()).frameCount());
  }

  @Test
  void required_withoutNvenc_failsTyped_andLeavesNothing() throws Exception {
    EncodingException e = assertThrows(EncodingException.class,
        () -> job(false).hardwareEncoding(HardwareEncoding.REQUIRED).render());
    assertTrue(e.getMessage().contains("no NVIDIA GPU was detected") && e.getMessage().contains("AUTO"),
        e.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void auto_forVp9_saysNvencHasNone() throws Exception {
    RenderResult result = job(true).videoCodec(VideoCodec.VP9).hardwareEncoding(HardwareEncoding.AUTO).render();

    assertEquals(EncoderChoice.VPX_VP9, result.videoEncoder());
    assertTrue(result.warnings().stream().anyMatch(w -> w.contains("NVENC has no encoder for this codec")),
        result.warnings().toString());
  }
}
