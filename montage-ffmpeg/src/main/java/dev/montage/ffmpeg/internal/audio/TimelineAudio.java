package dev.montage.ffmpeg.internal.audio;

import dev.montage.core.OutputException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.read.AudioReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * Writes a whole timeline's audio as raw s16le PCM when the video is copied (wholly or in part):
 * each clip's audio from its in point for exactly the samples its frames span, silence for clips
 * without sound.
 */
public final class TimelineAudio {

  private static final int CHUNK = 4096;

  private TimelineAudio() {}

  public static void write(CapturePool pool, RenderGuard guard, List<PlannedClip> clips, OutputFormat format, Path file,
      Duration budget) {
    RenderGuard.Watch watch = guard.watch("decoding audio", -1, file, budget);
    short[] samples = new short[CHUNK * format.channels()];
    ByteBuffer bytes = ByteBuffer.allocateDirect(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (PlannedClip clip : clips) {
        long count = format.sampleAt(clip.endFrame()) - format.sampleAt(clip.startFrame());
        try (AudioReader reader = AudioReader.open(pool, clip.clipIndex(), Path.of(clip.source()),
            clip.audible(), clip.inMicros(), format)) {
          while (count > 0) {
            guard.check(watch);
            int n = (int) Math.min(CHUNK, count);
            reader.read(samples, 0, n);
            clip.applyGain(samples, 0, n * format.channels());
            bytes.clear();
            bytes.asShortBuffer().put(samples, 0, n * format.channels());
            bytes.limit(n * format.channels() * 2);
            while (bytes.hasRemaining()) {
              out.write(bytes);
            }
            count -= n;
          }
        }
      }
    } catch (IOException e) {
      throw OutputException.writeFailed(-1, file, e);
    }
  }
}
