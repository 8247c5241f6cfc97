package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight jobs at once in one JVM under {@code -Xmx512m} peak at no more than about twice the resident
 * memory of one job: their segments share the process's render limit. Each count runs in a fresh
 * JVM ({@link ManyJobsRss}), whose kernel-reported peak ({@code VmHWM}) covers heap and native memory.
 */
class ManyJobsMemoryTest {

  @TempDir Path dir;

  private long peakKb(Path source, int jobs) throws IOException, InterruptedException {
    Path out = Files.createDirectories(dir.resolve("jobs-" + jobs));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        ManyJobsRss.class.getName(), source.toString(), out.toString(), Integer.toString(jobs))
        .redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the JVM of " + jobs + " jobs ended");
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), text);
    List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
    return Long.parseLong(lines.get(lines.size() - 1).trim());
  }

  @Test
  void eightJobsAtOnce_peakAtMostTwiceOneJob() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "peak memory is read from /proc (Linux)");
    Path source = SyntheticMedia.cached(SyntheticSpec.of(640, 360, 30, Duration.ofSeconds(2)));

    long one = peakKb(source, 1);
    long eight = peakKb(source, 8);

    System.out.printf("peak RSS: 1 job %d MB, 8 jobs at once %d MB (%.2fx)%n", one / 1024, eight / 1024,
        eight / (double) one);
    assertTrue(eight <= 2 * one, "8 jobs peaked at " + eight / 1024 + " MB, one at " + one / 1024 + " MB");
  }
}
