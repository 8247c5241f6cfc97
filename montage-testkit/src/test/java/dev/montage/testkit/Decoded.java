package dev.montage.testkit;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Everything a test wants to know about a media file, read in one pass with JavaCV's grabber. */
record Decoded(
    int width,
    int height,
    double frameRate,
    long lengthMicros,
    double rotation,
    int audioChannels,
    int sampleRate,
    String videoCodec,
    String audioCodec,
    List<Integer> frameIndexes,
    List<Integer> flashFrames,
    List<Long> timestamps,
    short[] mono) {

  static Decoded read(Path file) throws Exception {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    try {
      grabber.start();
      List<Integer> indexes = new ArrayList<>();
      List<Integer> flashes = new ArrayList<>();
      List<Long> timestamps = new ArrayList<>();
      short[] mono = new short[0];
      int monoLength = 0;
      Frame frame;
      while ((frame = grabber.grab()) != null) {
        if (frame.image != null) {
          if (SyntheticMedia.isFlash(frame)) {
            flashes.add(indexes.size());
          }
          indexes.add(SyntheticMedia.readFrameIndex(frame));
          timestamps.add(frame.timestamp);
        } else if (frame.samples != null) {
          ShortBuffer samples = (ShortBuffer) frame.samples[0];
          int channels = frame.audioChannels;
          int count = samples.remaining() / channels;
          if (monoLength + count > mono.length) {
            mono = Arrays.copyOf(mono, Math.max(2 * mono.length, monoLength + count));
          }
          for (int i = 0; i < count; i++) {
            mono[monoLength++] = samples.get(samples.position() + i * channels);
          }
        }
      }
      String codec = grabber.getVideoCodecName();
      String audioCodec = grabber.getAudioCodecName();
      return new Decoded(grabber.getImageWidth(), grabber.getImageHeight(), grabber.getFrameRate(),
          grabber.getLengthInTime(), grabber.getDisplayRotation(), grabber.getAudioChannels(),
          grabber.getSampleRate(), codec == null ? "" : codec,
          audioCodec == null ? "" : audioCodec, indexes, flashes, timestamps,
          Arrays.copyOf(mono, monoLength));
    } finally {
      grabber.release();
    }
  }

  /** Mono samples from {@code fromSeconds} to {@code toSeconds}. */
  short[] audio(double fromSeconds, double toSeconds) {
    int from = (int) Math.round(fromSeconds * sampleRate);
    int to = (int) Math.min(mono.length, Math.round(toSeconds * sampleRate));
    return Arrays.copyOfRange(mono, from, to);
  }

  static List<Integer> range(int count) {
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      expected.add(i);
    }
    return expected;
  }
}
