package dev.montage.ffmpeg.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.testkit.CheckLeaks;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Montage's own encoder with the GPL build's encoders, which reorder pictures (B-frames: decoding
 * times before presentation times): every picture still comes back once, in order.
 */
@Tag("gpl")
@CheckLeaks
class FrameEncoderGplTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {EncoderChoice.X264, EncoderChoice.X265})
  void reorderingEncoders_giveEveryPictureBack_inOrder(String name) throws Exception {
    assumeTrue(EncoderChoice.available(name), name + " needs the GPL FFmpeg build");
    Path file = dir.resolve(name + ".mp4");
    EncoderSettings settings = new EncoderSettings(name, "veryfast", 23, 0, 30, 1, "", "");
    try (FrameEncoder encoder = FrameEncoder.open(file, FrameEncoderTest.format(), settings, 0)) {
      for (int i = 0; i < 40; i++) {
        encoder.encode(FrameEncoderTest.picture(i), 0);
      }
      encoder.finish(0);
    }

    assertEquals(IntStream.range(0, 40).boxed().toList(), FrameEncoderTest.decodedIndexes(file));
  }
}
