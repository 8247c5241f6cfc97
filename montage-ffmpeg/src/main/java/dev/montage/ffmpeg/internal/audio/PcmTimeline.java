package dev.montage.ffmpeg.internal.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/** Reads the segments' PCM files one after the other as one stream; silence past the last. */
final class PcmTimeline implements AutoCloseable {
  private final List<Path> files;
  private final int channels;
  private final ByteBuffer bytes = ByteBuffer.allocateDirect(EncodedAudio.CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
  private int next;
  private @Nullable FileChannel current;

  PcmTimeline(List<Path> files, int channels) {
    this.files = files;
    this.channels = channels;
  }

  /** Fills {@code frames} sample frames; silence past the end. */
  void read(short[] dst, int frames) throws IOException {
    int wanted = frames * channels;
    int at = 0;
    while (at < wanted) {
      if (current == null) {
        if (next >= files.size()) {
          java.util.Arrays.fill(dst, at, wanted, (short) 0);
          return;
        }
        current = FileChannel.open(files.get(next++), StandardOpenOption.READ);
      }
      bytes.clear().limit(Math.min(bytes.capacity(), (wanted - at) * 2));
      int read = current.read(bytes);
      if (read < 0) {
        current.close();
        current = null;
        continue;
      }
      bytes.flip();
      int shorts = bytes.remaining() / 2;
      bytes.asShortBuffer().get(dst, at, shorts);
      at += shorts;
      if (bytes.remaining() % 2 != 0) {
        throw new IOException("odd byte count in PCM file " + files.get(next - 1));
      }
    }
  }

  @Override
  public void close() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // A read-only channel losing its close changes nothing for the output; say so and go on.
        LoggerFactory.getLogger(PcmTimeline.class).debug("closing PCM segment failed: {}", e.toString());
      }
      current = null;
    }
  }
}
