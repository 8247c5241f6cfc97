package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.MontageBuilder;
import dev.montage.core.RenderResult;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A valid MPEG-TS file with a single keyframe: FFmpeg's byte-based TS seek lands past it, so the
 * reader finds no frame after seeking and must fall back to decoding from the start (found by the
 * fuzz corpus's sources: a 1.0 s MPEG-2 TS failed "no video frame at or after the in point").
 */
@CheckLeaks
class ShortTransportStreamTest {

  @TempDir Path dir;

  @Test
  void singleKeyframeTransportStream_rendersEveryFrame(@JobTempDir Path jobTemp) throws Exception {
    Path ts = SyntheticMedia.write(dir.resolve("one-gop.ts"), SyntheticSpec.of(160, 120, 25, Duration.ofSeconds(1))
        .withContainer("ts").withCodec("mpeg2video").withAudioCodec("mp2"));

    RenderResult result = MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(25)
        .tempDir(jobTemp).clip(ts).build().render();

    assertEquals(result.frameCount(), DecodedVideo.of(result.output()).frameCount());
    assertEquals(25, result.frameCount(), 1);
  }
}
