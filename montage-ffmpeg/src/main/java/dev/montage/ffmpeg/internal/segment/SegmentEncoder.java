package dev.montage.ffmpeg.internal.segment;

import dev.montage.ffmpeg.internal.plan.SegmentPlan.EncoderSettings;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Where a segment's pictures are encoded into its MP4 file: JavaCV's recorder for encoders that
 * take pictures in system memory (software, NVENC, Quick Sync), Montage's own {@link FrameEncoder}
 * for those that take only GPU surfaces (VAAPI). Both write the same kind of file, so the joiner
 * treats them alike. Every failure is typed and names the clip showing and the file.
 */
sealed interface SegmentEncoder extends AutoCloseable permits RecorderEncoder, FrameEncoder {

  /**
   * Opens the encoder {@code settings} name for pictures of {@code format} into {@code file}.
   *
   * @param clipIndex the clip a failure is reported on
   */
  static SegmentEncoder open(Path file, OutputFormat format, EncoderSettings settings, int clipIndex) {
    return EncoderChoice.takesGpuSurfaces(settings.codec())
        ? FrameEncoder.open(file, format, settings, clipIndex)
        : RecorderEncoder.open(file, format, settings, clipIndex);
  }

  /** Encodes one picture: planar YUV 4:2:0 of the output's size, rows unpadded (a canvas's pixels). */
  void encode(ByteBuffer yuv420p, int clipIndex);

  /** Drains the encoder and writes the file's index: the file is complete. */
  void finish(int clipIndex);

  /** The file written. */
  Path path();

  /** Frees every native resource; idempotent. After a failure the partial file is the caller's to delete. */
  @Override
  void close();
}
