package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code montage.jar} (run by failsafe after the shade plugin): it names the natives it
 * carries, and what a killed run left behind the next run removes.
 */
class MontageJarIT {

  @TempDir Path work;

  @Test
  void version_namesTheNativesInTheJar() throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("montage.jar", "target/montage.jar"));
    assertTrue(Files.isRegularFile(jar), "missing " + jar.toAbsolutePath());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--version")
        .redirectErrorStream(true)
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "montage --version did not end");
    assertEquals(0, process.exitValue(), out);
    String natives = System.getProperty("montage.natives.platform") + "-gpl";
    assertTrue(out.contains("FFmpeg natives: " + natives + " (this jar runs on that platform only)"), out);
  }

  @Test
  void aRunKilledMidRender_leavesNothingAfterTheNextRun() throws Exception {
    Path temp = Files.createDirectories(work.resolve("tmp"));
    Path out = Files.createDirectories(work.resolve("out"));
    Process killed = montage(temp, "demo", "--size", "160x90", "--fps", "10", "-o", out.resolve("first.mp4").toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      // Killed at its first segment, before its output's .part exists: OwnedTempDirTest kills a holder of one.
      Path job = awaitSegmentFile(temp, killed);
      killed.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up of its own
      assertTrue(killed.waitFor(30, TimeUnit.SECONDS), "the killed run did not end");
      assertTrue(Files.exists(job), "a killed run cleans nothing up itself");
    } finally {
      killed.destroyForcibly();
    }

    Process next = montage(temp, "demo", "--size", "160x90", "--fps", "10", "-o", out.resolve("second.mp4").toString())
        .redirectErrorStream(true).start();
    String log = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(next.waitFor(120, TimeUnit.SECONDS), "the next run did not end");
    assertEquals(0, next.exitValue(), log);
    assertEquals(List.of(), list(temp), "left in the temp dir after the next run");
    assertEquals(List.of(out.resolve("second.mp4")), list(out), "in the output dir after the next run");
  }

  private static ProcessBuilder montage(Path temp, String... args) {
    Path jar = Path.of(System.getProperty("montage.jar", "target/montage.jar"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + temp, "-jar", jar.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
  }

  /** The job directory of {@code run} once a segment is being written in it. */
  private static Path awaitSegmentFile(Path temp, Process run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && run.isAlive()) {
      for (Path dir : list(temp)) {
        if (dir.getFileName().toString().startsWith("montage-job-")
            && list(dir).stream().anyMatch(file -> !file.getFileName().toString().startsWith("."))) {
          return dir;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no segment was written in " + temp + " (the run " + (run.isAlive() ? "is stuck" : "ended") + ")");
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of();
    }
  }
}
