package dev.montage.testkit;

import dev.montage.testkit.internal.FrameReader;
import dev.montage.testkit.internal.MediaWriter;
import dev.montage.testkit.internal.SyntheticCache;
import java.nio.file.Path;
import org.bytedeco.javacv.Frame;

/**
 * Writes generated test videos whose every frame says what it is, and reads that back from decoded
 * frames. Generated media replaces committed media: any size, rate, codec or length a test needs is
 * a {@link SyntheticSpec} away.
 *
 * <p>The picture (yuv420p) has three parts:
 * <ul>
 *   <li>the middle third of the rows is a barcode of the frame index: 12 equal vertical bars across
 *       the full width, most significant bit on the left, luma 235 for 1 and 16 for 0, neutral
 *       chroma. It survives scaling, letterboxing and pillarboxing (black padding is found and
 *       skipped) and lossy compression. Indexes wrap at 4096 (2 min 16 s at 30 fps);
 *   <li>above and below it, a horizontal luma gradient (never darker than luma 64) that shifts every
 *       frame, and a coloured box moving across the top third, so no two frames are alike;
 *   <li>the first frame of every whole second (frame 0, the first frame at or after 1 s, ...) is a
 *       flash: luma 235 everywhere outside the barcode band.
 * </ul>
 *
 * <p>The sound (48 kHz stereo AAC unless the spec says otherwise; the same signal on every channel)
 * is a continuous sine at {@link SyntheticSpec#toneHz()} at a quarter of full scale, replaced for the
 * first 10 ms of every whole second by a full-scale 1 kHz square wave: a click that lines up with the
 * flash, for A/V sync checks.
 *
 * <p>Files have a keyframe at every whole second of integer frame rates (GOP of {@code round(fps)}
 * frames) and, for mp4/mov/m4v, the index (moov) at the front, so a truncated copy still opens.
 * Other containers (mkv) are written as mp4 and remuxed, because JavaCV's recorder gets Matroska's
 * duration wrong; there the first video frame sits about 21 ms in (the AAC encoder delay). FFmpeg's
 * log is lowered to errors on first use.
 */
public final class SyntheticMedia {

  private SyntheticMedia() {}

  /**
   * Writes {@code spec} to {@code file}, creating its directory, replacing any file there.
   *
   * <p>Sizes: mpeg4 (the default) takes any even width and any height, odd included. For an odd
   * width, JavaCV's recorder rounds the width up to the next even number and scales the height to
   * keep the aspect ratio (641x361 is written as 642x362); the barcode survives that scaling. An 8K
   * file of 0.2 s takes two to three seconds on two cores. libopenh264 writes 4K but refuses 8K
   * (its level limits).
   *
   * @return {@code file}
   * @throws SyntheticMediaException naming the file when the codec is missing from this FFmpeg
   *     build or writing fails; nothing is left at {@code file} then
   */
  public static Path write(Path file, SyntheticSpec spec) {
    return MediaWriter.write(file, spec);
  }

  /**
   * The file for {@code spec} in this JVM's cache directory (under {@code java.io.tmpdir}, named
   * {@code montage-testkit-cache-<pid>}), written on first request. The same spec always gives the
   * same file; concurrent callers wait for one writer. Tests must not modify the file: copy it
   * first. The directory is deleted when the JVM exits.
   *
   * @throws SyntheticMediaException when writing fails (a later call tries again)
   */
  public static Path cached(SyntheticSpec spec) {
    return SyntheticCache.instance().get(spec);
  }

  /**
   * The frame index a decoded synthetic frame shows, read from its barcode. Works on 8-bit frames
   * with 1, 3 or 4 channels, such as the grabber's default BGR24; samples the middle rows of the
   * picture after skipping black padding.
   *
   * @return the index (modulo 4096), or -1 when the frame has no picture or a bar is ambiguous
   *     (not a synthetic frame, a crossfade between two frames, a rotated picture)
   */
  public static int readFrameIndex(Frame frame) {
    return FrameReader.frameIndex(frame);
  }

  /** Whether a decoded synthetic frame is a flash frame (the first frame of a whole second). */
  public static boolean isFlash(Frame frame) {
    return FrameReader.isFlash(frame);
  }

  /**
   * The frequency in Hz of the dominant tone in mono {@code samples}, estimated from zero
   * crossings; accurate to about 1% over 50 ms or more of a synthetic tone.
   *
   * @return the frequency, or 0 for silence
   */
  public static double toneFrequency(short[] samples, int sampleRate) {
    return FrameReader.toneFrequency(samples, 1, sampleRate);
  }

  /**
   * The frequency in Hz of the dominant tone in interleaved {@code samples} with {@code channels}
   * channels (the first channel is measured), estimated from zero crossings.
   *
   * @return the frequency, or 0 for silence
   */
  public static double toneFrequency(short[] samples, int channels, int sampleRate) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be >= 1 but was " + channels);
    }
    return FrameReader.toneFrequency(samples, channels, sampleRate);
  }
}
