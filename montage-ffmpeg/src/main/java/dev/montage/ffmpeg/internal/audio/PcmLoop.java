package dev.montage.ffmpeg.internal.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A music bed already decoded to 16-bit little-endian PCM (by a worker process, see
 * {@code MusicCall}), read in order and from its start again once it ends: what {@link MusicMixer}
 * reads instead of decoding the file in the host.
 */
final class PcmLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PcmLoop.class);

  private final Path file;
  private final FileChannel channel;
  private final int channels;
  private ByteBuffer bytes = ByteBuffer.allocate(0);

  PcmLoop(Path file, int channels) throws IOException {
    this.file = file;
    this.channels = channels;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
  }

  /** Whether the file is read to its end (an empty file always is). */
  boolean ended() throws IOException {
    return channel.position() >= channel.size();
  }

  /** Back to the start. */
  void rewind() throws IOException {
    channel.position(0);
  }

  /** Reads {@code frames} sample frames into {@code dst} from {@code offset}, silence past the end. */
  void read(short[] dst, int offset, int frames) throws IOException {
    int count = frames * channels;
    if (bytes.capacity() < count * 2) {
      bytes = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
    }
    bytes.clear().limit(count * 2);
    while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
      // until full or at the end
    }
    int read = bytes.position() / 2;
    bytes.flip();
    bytes.asShortBuffer().get(dst, offset, read);
    java.util.Arrays.fill(dst, offset + read, offset + count, (short) 0);
  }

  /** Closes the file; a failure to close what was only read loses nothing and is logged. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing {} failed: {}", file, e.getMessage());
    }
  }
}
