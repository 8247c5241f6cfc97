package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Isolation;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.RenderPlan;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderResult.RenderMode;
import dev.montage.core.RunOptions;
import dev.montage.core.policy.Hardware;
import dev.montage.ffmpeg.internal.capture.NativeLedger;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream copy with {@link Isolation#PROCESS}: planned from what a worker process read (the sources'
 * streams and keyframes) and joined by a worker (the sources' packets and sound), so the host opens
 * no native handle at all, not even to copy, and writes the same bytes as in process.
 */
@CheckLeaks
class IsolatedCopyTest {

  @TempDir Path dir;
  Path jobTemp;

  @BeforeEach
  void jobTemp(@JobTempDir Path jobTemp) {
    this.jobTemp = jobTemp;
  }

  MontageBuilder builder(String output) {
    return MontageBuilder.create().output(dir.resolve(output)).size(160, 120).frameRate(30).tempDir(jobTemp)
        .clip(StreamCopyTest.h264(440), Duration.ofSeconds(1), Duration.ofSeconds(2))
        .clip(StreamCopyTest.h264(880), Duration.ZERO, Duration.ofSeconds(1))
        .clip(StreamCopyTest.h264(440), Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  static RunOptions isolated() {
    return RunOptions.builder().hardware(new Hardware(2, 8L << 30, false)).isolation(Isolation.PROCESS).build();
  }

  /** What {@code step} returns, with the native handles the host opened meanwhile (every grabber, recorder, filter). */
  static <T> T openingNothingInTheHost(Supplier<T> step) {
    long before = NativeLedger.INSTANCE.openedEver();
    T value = step.get();
    assertEquals(0, NativeLedger.INSTANCE.openedEver() - before, "native handles the host opened");
    return value;
  }

  /**
   * Renders {@code job}'s output named {@code "local.mp4"} in process and {@code "isolated.mp4"} with
   * isolation, and checks the isolated run took {@code mode}, opened nothing in the host and wrote
   * the same bytes; returns its result.
   */
  static RenderResult sameBytesIsolated(Function<String, MontageBuilder> job, RenderMode mode) throws Exception {
    RenderResult local = job.apply("local.mp4").build()
        .render(RunOptions.builder().hardware(new Hardware(2, 8L << 30, false)).build());
    RenderResult isolated = openingNothingInTheHost(() -> job.apply("isolated.mp4").build().render(isolated()));
    assertEquals(mode, isolated.mode());
    assertEquals(-1L, Files.mismatch(local.output(), isolated.output()), "byte-identical outputs");
    return isolated;
  }

  @Test
  void keyframeCuts_areCopiedInAWorker_toTheInProcessBytes_theHostOpeningNothing() throws Exception {
    RenderResult isolated = sameBytesIsolated(this::builder, RenderMode.STREAM_COPY);

    assertTrue(isolated.audio().copied(), "the sources' AAC copied too: " + isolated.audio().reason());
    DecodedVideo out = DecodedVideo.of(isolated.output());
    assertEquals(90, out.frameCount());
    for (int k = 0; k < 30; k++) {
      assertEquals(30 + k, out.frameIndexes().get(k), "frame " + k);
      assertEquals(k, out.frameIndexes().get(30 + k), "frame " + (30 + k));
    }
  }

  /** The sound decoded and encoded (here: normalised) where it is not copied: by the worker too. */
  @Test
  void soundThatIsEncoded_isDecodedByTheWorker_too() throws Exception {
    RenderResult isolated = sameBytesIsolated(
        name -> builder(name).loudness(dev.montage.core.LoudnessTarget.BROADCAST), RenderMode.STREAM_COPY);

    assertTrue(!isolated.audio().copied(), isolated.audio().reason());
  }

  /** {@code job.plan(options)} with isolation reads the keyframes in a worker and explains the same copy. */
  @Test
  void plan_withIsolation_explainsTheCopy_theHostOpeningNothing() {
    MontageJob job = builder("planned.mp4").build();
    RenderPlan local = job.plan();
    RenderPlan isolated = openingNothingInTheHost(() -> job.plan(isolated()));

    assertEquals(RenderMode.STREAM_COPY, isolated.mode());
    assertEquals(local.describe(), isolated.describe());
  }
}
