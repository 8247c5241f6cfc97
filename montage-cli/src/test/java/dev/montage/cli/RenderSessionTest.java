package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderSessionTest {

  private static final RenderResult.Audio AUDIO =
      new RenderResult.Audio(false, "AAC", 48_000, 2, "the video is re-encoded");

  @Test
  void resultLines_everyFigure() {
    RenderResult result = new RenderResult(Path.of("/tmp/out.mp4"), Duration.ofMillis(8500), 255,
        Duration.ofMillis(2500), 3, "libx264", RenderMode.REENCODE, AUDIO, List.of());

    assertEquals(List.of(
            "output:     /tmp/out.mp4",
            "duration:   8.500 s",
            "frames:     255",
            "wall time:  2.500 s",
            "speed:      102.0 fps",
            "segments:   3",
            "encoder:    libx264 (re-encoded)",
            "audio:      AAC 48000 Hz stereo, encoded: the video is re-encoded"),
        RenderSession.resultLines(result));
  }

  @Test
  void resultLines_sayHowTheVideoWasMade() {
    assertEquals("encoder:    copy (stream copy)", encoderLine("copy", RenderMode.STREAM_COPY));
    assertEquals("encoder:    libx264 (smart cut: GOPs copied, frames at the cuts re-encoded)",
        encoderLine("libx264", RenderMode.SMART_CUT));
  }

  private static String encoderLine(String encoder, RenderMode mode) {
    List<String> lines = RenderSession.resultLines(new RenderResult(Path.of("/tmp/out.mp4"), Duration.ofSeconds(1),
        30, Duration.ofSeconds(1), 1, encoder, mode, AUDIO, List.of()));
    return lines.get(lines.size() - 2);
  }

  @Test
  void resultLines_warningsFollowTheFigures() {
    List<String> lines = RenderSession.resultLines(new RenderResult(Path.of("/tmp/out.mp4"), Duration.ofSeconds(1),
        30, Duration.ofSeconds(1), 1, "libopenh264", RenderMode.REENCODE, AUDIO,
        List.of("crf 20 ignored: libopenh264 has no constant rate factor", "preset 'slow' ignored")));
    assertEquals(List.of(
            "encoder:    libopenh264 (re-encoded)",
            "audio:      AAC 48000 Hz stereo, encoded: the video is re-encoded",
            "warning:    crf 20 ignored: libopenh264 has no constant rate factor",
            "warning:    preset 'slow' ignored"),
        lines.subList(lines.size() - 4, lines.size()));
  }

  @Test
  void seconds_clockFromAMinuteOn() {
    assertEquals("59.999 s", RenderSession.seconds(Duration.ofMillis(59_999)));
    assertEquals("60.000 s (1:00.000)", RenderSession.seconds(Duration.ofSeconds(60)));
    assertEquals("3723.004 s (1:02:03.004)", RenderSession.seconds(Duration.ofMillis(3_723_004)));
  }
}
