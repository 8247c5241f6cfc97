package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.MediaInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeCommandTest {

  @Test
  void describe_rotatedWithoutAudio() {
    MediaInfo info = new MediaInfo(Path.of("/videos/phone.mov"), 12_345_678, 1920, 1080,
        30_000 / 1001.0, Duration.ofMillis(83_500), 90, "h264", "yuv420p", null, 0, 0);

    assertEquals(List.of(
            "/videos/phone.mov",
            "  file size:   12.3 MB (12345678 bytes)",
            "  frame size:  1920x1080",
            "  frame rate:  29.97 fps",
            "  duration:    83.500 s (1:23.500)",
            "  rotation:    90 degrees clockwise (displayed 1080x1920)",
            "  video:       h264, yuv420p",
            "  audio:       no audio"),
        ProbeCommand.describe(info));
  }

  @Test
  void describe_monoAudioAndSmallFile() {
    MediaInfo info = new MediaInfo(Path.of("a.mp4"), 999, 160, 120, 15, Duration.ofSeconds(1), 0,
        "mpeg4", "yuv420p", "aac", 1, 44_100);

    List<String> lines = ProbeCommand.describe(info);

    assertEquals("  file size:   999 bytes", lines.get(1));
    assertEquals("  rotation:    none", lines.get(5));
    assertEquals("  audio:       aac, 1 channel, 44100 Hz", lines.get(7));
  }
}
