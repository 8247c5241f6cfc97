package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.core.policy.Hardware;
import dev.montage.core.spi.SegmentExecutor;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment executor plugged in through the builder receives every plan as a serialisable value
 * and can run it elsewhere: here each plan makes a round trip through Java serialisation first.
 */
@CheckLeaks
class SegmentExecutorTest {

  @TempDir Path dir;

  /** Runs plans one by one after copying each through serialisation, as a remote executor would. */
  static final class SerialisingExecutor implements SegmentExecutor {
    final List<Object> seen = new ArrayList<>();

    @Override
    public <P extends Serializable, R> List<R> executeAll(List<P> plans, int parallelism, SegmentTask<P, R> task) {
      List<R> results = new ArrayList<>();
      for (P plan : plans) {
        P copy = roundTrip(plan);
        seen.add(copy);
        results.add(task.run(copy));
      }
      return results;
    }

    @SuppressWarnings("unchecked")
    static <P extends Serializable> P roundTrip(P plan) {
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
          out.writeObject(plan);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
          return (P) in.readObject();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void segmentExecutor_receivesSerialisablePlans(@JobTempDir Path jobTemp) throws Exception {
    Path a = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));
    SerialisingExecutor executor = new SerialisingExecutor();
    RenderResult result = MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30)
        .tempDir(jobTemp).hardware(new Hardware(2, 8L << 30, false)).batchSizing((w, h, m) -> 1)
        .segmentExecutor(executor)
        .clip(a, Duration.ZERO, Duration.ofMillis(500))
        .clip(a, Duration.ofMillis(500), Duration.ofMillis(1000))
        .clip(a, Duration.ofMillis(1000), Duration.ofMillis(1500))
        .crossfade(Duration.ofMillis(100))
        .render();
    assertEquals(3, executor.seen.size());
    assertEquals(3, result.segments());
    assertEquals(39, DecodedVideo.of(result.output()).frameCount());
  }
}
