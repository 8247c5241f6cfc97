package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.CancellationToken;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderCancelledException;
import dev.montage.core.RenderLimit;
import dev.montage.core.RenderResult;
import dev.montage.core.RunOptions;
import dev.montage.core.policy.Hardware;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host, many jobs: eight jobs started at once, each sized for the whole machine, share one
 * render limit, so no more segments render at once than it allows; all finish with the right
 * output and nothing leaked, and cancelling one leaves the others running.
 */
@CheckLeaks
class ManyJobsTest {

  static final Path SOURCE = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));
  static final int JOBS = 8;

  @TempDir Path dir;

  private MontageJob job(int index, Path jobTemp) {
    return MontageBuilder.create().output(dir.resolve("out-" + index + ".mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).batchSizing((w, h, m) -> 1)
        .clip(SOURCE, Duration.ZERO, Duration.ofMillis(400))
        .clip(SOURCE, Duration.ofMillis(500), Duration.ofMillis(900))
        .clip(SOURCE, Duration.ofMillis(1000), Duration.ofMillis(1400))
        .streamCopy(false).build();
  }

  @Test
  void eightJobsAtOnce_shareTheLimitAndAllFinish(@JobTempDir Path jobTemp) throws Exception {
    RenderLimit limit = RenderLimit.of(2, 1L << 30);
    List<CompletableFuture<RenderResult>> running = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      // Each job alone would run 4 segments at once: it is sized for a 4-CPU machine.
      RunOptions options = RunOptions.builder().hardware(new Hardware(4, 8L << 30, false)).renderLimit(limit).build();
      running.add(job(i, jobTemp).renderAsync(options));
    }
    for (int i = 0; i < JOBS; i++) {
      RenderResult result = running.get(i).join();
      assertEquals(36, result.frameCount());
      assertEquals(36, DecodedVideo.of(result.output()).frameCount());
    }
    assertEquals(2, limit.peak(), "never more segments at once than the limit, across all jobs");
    assertEquals(0, limit.running());
  }

  @Test
  void cancellingOneJob_leavesTheOthersRunning(@JobTempDir Path jobTemp) {
    RenderLimit limit = RenderLimit.of(1, 1L << 30);
    CancellationToken token = CancellationToken.create();
    List<CompletableFuture<RenderResult>> running = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RunOptions.Builder options = RunOptions.builder().hardware(new Hardware(2, 8L << 30, false)).renderLimit(limit);
      if (i == 1) {
        options.cancellation(token);
      }
      running.add(job(i, jobTemp).renderAsync(options.build()));
    }
    token.cancel();

    CompletionException cancelled = assertThrows(CompletionException.class, () -> running.get(1).join());
    assertInstanceOf(RenderCancelledException.class, cancelled.getCause());
    assertTrue(Files.notExists(dir.resolve("out-1.mp4")));
    for (int i : new int[] {0, 2, 3}) {
      assertEquals(36, running.get(i).join().frameCount());
    }
    assertEquals(0, limit.running());
  }
}
