package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.ffmpeg.FfmpegProbe;
import dev.montage.core.MediaInfo;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command end to end, through {@code new CommandLine(new MontageCommand()).execute(...)}. */
@CheckLeaks(fileDescriptors = false, nativeMemory = false)
class MontageCommandTest {

  private static final SyntheticSpec TINY = SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(1));

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine command = new CommandLine(new MontageCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void render_twoSyntheticSources(@TempDir Path dir, @JobTempDir Path temp) {
    Path a = SyntheticMedia.write(dir.resolve("a.mp4"), TINY.withToneHz(440));
    Path b = SyntheticMedia.write(dir.resolve("b.mp4"), TINY.withToneHz(880));
    Path output = dir.resolve("out.mp4");

    int exitCode = execute("render", "-o", output.toString(), "--size", "160x120", "--fps", "15",
        "--crossfade", "0.2", "--temp-dir", temp.toString(), a.toString(), b + "@0.2-0.8");

    assertEquals(0, exitCode, err.toString());
    assertEquals("", err.toString());
    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(0).startsWith("render: "), out.toString());
    assertTrue(lines.contains("output:     " + output), out.toString());
    assertTrue(lines.stream().anyMatch(line -> line.startsWith("encoder:    ")), out.toString());
    MediaInfo info = FfmpegProbe.probe(output);
    assertEquals(160, info.width());
    assertEquals(120, info.height());
    assertEquals(15, info.frameRate(), 0.01);
    // 1 s + 0.6 s, overlapping by the 0.2 s crossfade.
    assertEquals(1.4, info.duration().toNanos() / 1e9, 0.1);
  }

  @Test
  void renderDryRun_explainsEveryClipAndWritesNothing(@TempDir Path dir, @JobTempDir Path temp) {
    Path a = SyntheticMedia.write(dir.resolve("a.mp4"), TINY.withToneHz(440));
    Path output = dir.resolve("out.mp4");

    int exitCode = execute("render", "--dry-run", "-o", output.toString(), "--size", "160x120", "--fps", "15",
        "--crossfade", "0.2", "--temp-dir", temp.toString(), a.toString(), a + "@0.2-0.8");

    assertEquals(0, exitCode, err.toString());
    List<String> lines = out.toString().lines().toList();
    assertTrue(lines.get(0).startsWith("REENCODE: "), out.toString());
    assertTrue(lines.get(1).startsWith("audio: AAC 48000 Hz stereo, encoded: "), out.toString());
    assertTrue(lines.get(2).startsWith("clip 0 (" + a + "): re-encoded: "), out.toString());
    assertTrue(lines.get(3).startsWith("clip 1 (" + a + "): re-encoded: "), out.toString());
    assertFalse(Files.exists(output), "a dry run writes nothing");
  }

  @Test
  void renderDryRun_withIsolate_explainsTheIsolatedRun(@TempDir Path dir, @JobTempDir Path temp) {
    Path a = SyntheticMedia.write(dir.resolve("a.mp4"),
        SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)).withCodec("libx264"));
    Path output = dir.resolve("out.mp4");

    int exitCode = execute("render", "--dry-run", "--isolate", "-o", output.toString(), "--size", "160x120",
        "--temp-dir", temp.toString(), a + "@0-1");

    assertEquals(0, exitCode, err.toString());
    // The keyframes read by a worker: the isolated run copies as the in-process one would.
    assertTrue(out.toString().contains("STREAM_COPY") && out.toString().contains("copied: cut on keyframes"),
        out.toString());
    assertFalse(Files.exists(output), "a dry run writes nothing");
  }

  @Test
  void render_offKeyframeCutOfMatchingSourceIsSmartCut_andCanBeSwitchedOff(@TempDir Path dir, @JobTempDir Path temp) {
    Path a = SyntheticMedia.write(dir.resolve("a.mp4"),
        SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(3)).withCodec("libx264"));
    String clip = a + "@0.5-2.5";

    assertEquals(0, execute("render", "-o", dir.resolve("smart.mp4").toString(), "--size", "160x120",
        "--temp-dir", temp.toString(), clip), err.toString());
    assertTrue(out.toString().contains("encoder:    libx264 (smart cut: GOPs copied, frames at the cuts re-encoded)"),
        out.toString());

    out.getBuffer().setLength(0);
    assertEquals(0, execute("render", "-o", dir.resolve("whole.mp4").toString(), "--size", "160x120",
        "--temp-dir", temp.toString(), "--no-smart-cut", clip), err.toString());
    assertTrue(out.toString().contains("encoder:    libx264 (re-encoded)"), out.toString());

    out.getBuffer().setLength(0);
    assertEquals(0, execute("render", "-o", dir.resolve("copy.mp4").toString(), "--size", "160x120",
        "--temp-dir", temp.toString(), "--no-copy", a + "@1-2"), err.toString());
    assertTrue(out.toString().contains("encoder:    libx264 (re-encoded)"), out.toString());
    assertEquals(2.0, FfmpegProbe.probe(dir.resolve("smart.mp4")).duration().toNanos() / 1e9, 0.1);
  }

  @Test
  void render_missingSourceExits3AndWritesNothing(@TempDir Path dir, @JobTempDir Path temp) {
    Path a = SyntheticMedia.write(dir.resolve("a.mp4"), TINY);
    Path missing = dir.resolve("missing.mp4");
    Path output = dir.resolve("out.mp4");

    int exitCode = execute("render", "-o", output.toString(), "--size", "160x120", "--fps", "15",
        "--temp-dir", temp.toString(), a.toString(), missing.toString());

    assertEquals(3, exitCode, err.toString());
    assertEquals(List.of("montage: clip 1 (" + missing + "): source file does not exist; check the path"),
        err.toString().lines().toList());
    assertFalse(Files.exists(output));
  }

  @Test
  void render_playlistSourceIsRefusedBySandboxUnlessTrusted(@TempDir Path dir, @JobTempDir Path temp)
      throws java.io.IOException {
    SyntheticMedia.write(dir.resolve("a.mp4"), TINY);
    Path playlist = Files.writeString(dir.resolve("list.m3u8"),
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\na.mp4\n#EXT-X-ENDLIST\n");
    Path output = dir.resolve("out.mp4");

    int exitCode = execute("render", "-o", output.toString(), "--size", "160x120", "--fps", "15",
        "--temp-dir", temp.toString(), playlist + "@0-0.5");

    assertEquals(3, exitCode, err.toString());
    assertTrue(err.toString().contains("refused by the media sandbox"), err.toString());
    assertFalse(Files.exists(output));

    err.getBuffer().setLength(0);
    execute("render", "-o", output.toString(), "--size", "160x120", "--fps", "15", "--temp-dir", temp.toString(),
        "--trust-sources", playlist + "@0-0.5");
    assertFalse(err.toString().contains("sandbox"), err.toString());
  }

  @Test
  void render_pastTheTimeoutExits5AndWritesNothing(@TempDir Path dir, @JobTempDir Path temp) {
    Path a = SyntheticMedia.write(dir.resolve("a.mp4"), TINY);
    Path output = dir.resolve("out.mp4");

    int exitCode = execute("render", "-o", output.toString(), "--size", "160x120", "--fps", "15",
        "--temp-dir", temp.toString(), "--timeout", "0.001", a.toString());

    assertEquals(5, exitCode, err.toString());
    assertTrue(err.toString().contains("the job ran past its overall timeout of 1 ms"), err.toString());
    assertFalse(Files.exists(output));
  }

  @Test
  void render_damagedSourcePrintsAWarningOrFailsWhenAsked(@TempDir Path dir, @JobTempDir Path temp) {
    Path a = SyntheticMedia.write(dir.resolve("a.mp4"), TINY);
    Path damaged = dev.montage.testkit.DamagedMedia.endsEarly(dir, a, 0.5);
    Path output = dir.resolve("out.mp4");

    assertEquals(0, execute("render", "-o", output.toString(), "--size", "160x120", "--fps", "15",
        "--temp-dir", temp.toString(), damaged + "@0-0.9"), err.toString());
    assertTrue(out.toString().contains("warning:    clip 0 (" + damaged + "): damaged source: the video ends at"),
        out.toString());

    assertEquals(3, execute("render", "-o", dir.resolve("strict.mp4").toString(), "--size", "160x120", "--fps", "15",
        "--temp-dir", temp.toString(), "--fail-on-damage", damaged + "@0-0.9"), err.toString());
    assertTrue(err.toString().contains("source is damaged"), err.toString());
    assertFalse(Files.exists(dir.resolve("strict.mp4")));
  }

  @Test
  void render_isolatedRendersInWorkerProcesses(@TempDir Path dir, @JobTempDir Path temp) {
    Path a = SyntheticMedia.write(dir.resolve("a.mp4"), TINY);
    Path output = dir.resolve("out.mp4");

    java.util.Set<Long> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread watch = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        ProcessHandle.current().children().forEach(child -> workers.add(child.pid()));
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watch.start();
    try {
      assertEquals(0, execute("render", "-o", output.toString(), "--size", "160x120", "--fps", "15",
          "--temp-dir", temp.toString(), "--isolate", a + "@0-0.5", a + "@0.5-1"), err.toString());
    } finally {
      watch.interrupt();
    }
    assertTrue(Files.exists(output));
    assertTrue(!workers.isEmpty(), "the segments rendered in worker processes");
    assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(), "no worker left");
  }

  @Test
  void render_invalidJobExits2WithEveryProblem(@TempDir Path dir) {
    int exitCode = execute("render", "-o", dir.resolve("out.avi").toString(), "--size", "161x120",
        "a.mp4@2-1");

    assertEquals(2, exitCode, err.toString());
    List<String> lines = err.toString().lines().toList();
    assertEquals(3, lines.size(), err.toString());
    assertTrue(lines.stream().allMatch(line -> line.startsWith("montage: ")), err.toString());
    assertTrue(err.toString().contains("width must be even"), err.toString());
  }

  @Test
  void render_encoderOptionsReachTheJob(@TempDir Path dir, @JobTempDir Path temp) {
    Path a = SyntheticMedia.write(dir.resolve("a.mp4"), TINY);

    assertEquals(0, execute("render", "-o", dir.resolve("rate.mp4").toString(), "--size", "160x120",
        "--temp-dir", temp.toString(), "--video-bitrate", "200k", "--preset", "ultrafast", a.toString()),
        err.toString());
    assertFalse(out.toString().contains("warning:"), out.toString());

    err.getBuffer().setLength(0);
    assertEquals(2, execute("render", "-o", dir.resolve("both.mp4").toString(), "--quality", "HIGH",
        "--crf", "20", a.toString()));
    assertTrue(err.toString().contains("quality, crf and video bitrate each choose the encoder's rate control;"
        + " set at most one but quality HIGH and crf 20 were set"), err.toString());

    err.getBuffer().setLength(0);
    assertEquals(2, execute("render", "-o", dir.resolve("bad.mp4").toString(), "--video-bitrate", "fast",
        a.toString()));
    assertTrue(err.toString().contains("'fast' is not a bitrate"), err.toString());
    assertFalse(Files.exists(dir.resolve("both.mp4")));
  }

  @Test
  void probe_syntheticFiles(@TempDir Path dir) {
    Path withAudio = SyntheticMedia.write(dir.resolve("a.mp4"), TINY);
    Path mute = SyntheticMedia.write(dir.resolve("mute.mp4"), TINY.withAudio(false));

    int exitCode = execute("probe", withAudio.toString(), mute.toString());

    assertEquals(0, exitCode, err.toString());
    String text = out.toString();
    assertTrue(text.startsWith(withAudio + System.lineSeparator()), text);
    assertTrue(text.contains("  frame size:  160x120"), text);
    assertTrue(text.contains("  frame rate:  30 fps"), text);
    assertTrue(text.contains("  video:       mpeg4, yuv420p"), text);
    assertTrue(text.contains("  audio:       aac, 2 channels, 48000 Hz"), text);
    assertTrue(text.contains(mute + System.lineSeparator()), text);
    assertTrue(text.contains("  audio:       no audio"), text);
  }

  @Test
  void probe_missingFileExits3AndProbesTheRest(@TempDir Path dir) {
    Path missing = dir.resolve("missing.mp4");
    Path file = SyntheticMedia.write(dir.resolve("a.mp4"), TINY);

    int exitCode = execute("probe", missing.toString(), file.toString());

    assertEquals(3, exitCode);
    assertEquals(List.of("montage: " + missing + ": source file does not exist; check the path"),
        err.toString().lines().toList());
    assertTrue(out.toString().startsWith(file + System.lineSeparator()), out.toString());
  }

  @Test
  void version_withoutManifestIsDevFromTheClassPath() {
    assertEquals(0, execute("--version"));
    assertEquals("montage dev" + System.lineSeparator()
        + "FFmpeg natives: whatever the class path holds (not run from montage.jar)", out.toString().strip());
  }

  @Test
  void noSubcommand_printsUsageAndExits2() {
    assertEquals(2, execute());
    assertTrue(err.toString().startsWith("Usage: montage"), err.toString());
  }
}
