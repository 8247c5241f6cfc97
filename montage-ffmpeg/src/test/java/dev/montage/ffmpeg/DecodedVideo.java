package dev.montage.ffmpeg;

import dev.montage.testkit.SyntheticMedia;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** A rendered output decoded back with JavaCV: what tests assert on. */
record DecodedVideo(
    int width,
    int height,
    double fps,
    String videoCodec,
    String audioCodec,
    int sampleRate,
    int audioChannels,
    List<Integer> frameIndexes,
    List<Double> lumaMeans,
    List<Long> frameChecksums,
    short[] leftChannel) {

  static DecodedVideo of(Path file) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.start();
      List<Integer> indexes = new ArrayList<>();
      List<Double> means = new ArrayList<>();
      List<Long> checksums = new ArrayList<>();
      ShortList audio = new ShortList();
      Frame frame;
      while ((frame = grabber.grab()) != null) {
        if (frame.image != null) {
          indexes.add(SyntheticMedia.readFrameIndex(frame));
          means.add(meanCentre(frame));
          checksums.add(checksum(frame));
        }
        if (frame.samples != null) {
          ShortBuffer samples = (ShortBuffer) frame.samples[0];
          int channels = frame.audioChannels;
          for (int i = samples.position(); i + channels - 1 < samples.limit(); i += channels) {
            audio.add(samples.get(i));
          }
        }
      }
      return new DecodedVideo(grabber.getImageWidth(), grabber.getImageHeight(), grabber.getFrameRate(),
          org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name(
              grabber.getFormatContext().streams(grabber.getVideoStream()).codecpar().codec_id()).getString(), String.valueOf(grabber.getAudioCodecName()), grabber.getSampleRate(),
          grabber.getAudioChannels(), indexes, means, checksums, audio.toArray());
    }
  }

  /** The luma plane of every frame of {@code file}, row after row without padding. */
  static List<int[]> lumaPlanes(Path file) throws Exception {
    List<int[]> frames = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
      grabber.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8);
      grabber.start();
      Frame frame;
      while ((frame = grabber.grabImage()) != null) {
        ByteBuffer image = (ByteBuffer) frame.image[0];
        int[] luma = new int[frame.imageWidth * frame.imageHeight];
        for (int y = 0; y < frame.imageHeight; y++) {
          for (int x = 0; x < frame.imageWidth; x++) {
            luma[y * frame.imageWidth + x] = image.get(y * frame.imageStride + x) & 0xFF;
          }
        }
        frames.add(luma);
      }
    }
    return frames;
  }

  int frameCount() {
    return frameIndexes.size();
  }

  double audioSeconds() {
    return leftChannel.length / (double) sampleRate;
  }

  /** The dominant tone in [from, from + length) seconds of audio. */
  double toneAt(double fromSeconds, double lengthSeconds) {
    int from = (int) Math.round(fromSeconds * sampleRate);
    int to = Math.min(leftChannel.length, from + (int) Math.round(lengthSeconds * sampleRate));
    short[] window = java.util.Arrays.copyOfRange(leftChannel, from, to);
    return SyntheticMedia.toneFrequency(window, sampleRate);
  }

  /**
   * Seconds at which the first loud sample (over half of full scale: the synthetic sound's click,
   * not its quarter-scale tone) lies in [from, from + length), or -1 where there is none.
   */
  double clickAt(double fromSeconds, double lengthSeconds) {
    int from = Math.max(0, (int) Math.round(fromSeconds * sampleRate));
    int to = Math.min(leftChannel.length, from + (int) Math.round(lengthSeconds * sampleRate));
    for (int i = from; i < to; i++) {
      if (Math.abs(leftChannel[i]) > Short.MAX_VALUE / 2) {
        return i / (double) sampleRate;
      }
    }
    return -1;
  }

  /**
   * The amplitude of the {@code hz} component in [from, from + length) seconds of audio (Goertzel):
   * tells one tone's level apart from another's in a mix.
   */
  double amplitudeAt(double hz, double fromSeconds, double lengthSeconds) {
    int from = (int) Math.round(fromSeconds * sampleRate);
    int to = Math.min(leftChannel.length, from + (int) Math.round(lengthSeconds * sampleRate));
    double coefficient = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
    double previous = 0;
    double beforePrevious = 0;
    for (int i = from; i < to; i++) {
      double current = leftChannel[i] + coefficient * previous - beforePrevious;
      beforePrevious = previous;
      previous = current;
    }
    double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
    return 2 * Math.sqrt(Math.max(0, power)) / Math.max(1, to - from);
  }

  /** Root-mean-square level of [from, from + length) seconds of audio. */
  double rmsAt(double fromSeconds, double lengthSeconds) {
    int from = (int) Math.round(fromSeconds * sampleRate);
    int to = Math.min(leftChannel.length, from + (int) Math.round(lengthSeconds * sampleRate));
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += leftChannel[i] * (double) leftChannel[i];
    }
    return Math.sqrt(sum / Math.max(1, to - from));
  }

  /** CRC-32 of every pixel of the decoded picture: equal only where the decoder made the same picture. */
  static long checksum(Frame frame) {
    ByteBuffer image = ((ByteBuffer) frame.image[0]).duplicate();
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    for (int y = 0; y < frame.imageHeight; y++) {
      image.limit(y * frame.imageStride + frame.imageWidth * frame.imageChannels).position(y * frame.imageStride);
      crc.update(image);
      image.limit(image.capacity());
    }
    return crc.getValue();
  }

  private static double meanCentre(Frame frame) {
    ByteBuffer image = (ByteBuffer) frame.image[0];
    int y = frame.imageHeight / 2;
    long sum = 0;
    int count = 0;
    for (int x = frame.imageWidth / 4; x < frame.imageWidth * 3 / 4; x++) {
      int at = y * frame.imageStride + x * frame.imageChannels;
      for (int c = 0; c < frame.imageChannels; c++) {
        sum += image.get(at + c) & 0xFF;
        count++;
      }
    }
    return sum / (double) count;
  }

  /** Luma mean per column band of frame {@code index}: used to find padding. */
  private static final class ShortList {
    private short[] values = new short[1 << 16];
    private int size;

    void add(short value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    short[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
