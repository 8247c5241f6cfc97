package dev.montage.ffmpeg;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderLimit;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Run in a JVM of its own by {@link ManyJobsMemoryTest}: renders {@code jobs} jobs of {@code source}
 * at once in {@code dir} and prints the process's peak resident memory ({@code VmHWM}, kB) as its
 * last line.
 */
public final class ManyJobsRss {

  private ManyJobsRss() {}

  /** Arguments: source file, output directory, number of jobs, and {@code unlimited} to lift the render limit. */
  public static void main(String[] args) throws IOException {
    Path source = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    int jobs = Integer.parseInt(args[2]);
    RunOptions options = args.length > 3 && args[3].equals("unlimited")
        ? RunOptions.builder().renderLimit(RenderLimit.of(1024, Long.MAX_VALUE)).build() : RunOptions.defaults();
    List<CompletableFuture<RenderResult>> running = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      running.add(MontageBuilder.create().output(dir.resolve("out-" + i + ".mp4")).size(640, 360).frameRate(30)
          .tempDir(dir).batchSizing((w, h, m) -> 1)
          .clip(source, Duration.ZERO, Duration.ofMillis(600))
          .clip(source, Duration.ofMillis(700), Duration.ofMillis(1300))
          .clip(source, Duration.ofMillis(1400), Duration.ofMillis(2000))
          .streamCopy(false).build().renderAsync(options));
    }
    for (CompletableFuture<RenderResult> job : running) {
      RenderResult result = job.join();
      if (result.frameCount() != 54) {
        throw new IllegalStateException("rendered " + result.frameCount() + " frames, not 54");
      }
    }
    String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("VmHWM:")).findFirst().orElseThrow();
    System.out.println(hwm.replaceAll("\\D", ""));
  }
}
