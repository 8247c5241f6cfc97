package dev.montage.testkit;

import dev.montage.core.Progress;
import dev.montage.core.ProgressListener;
import dev.montage.testkit.internal.MediaWriter;
import dev.montage.testkit.internal.PacketFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broken media for failure tests: files that are missing, empty, cut short, corrupt, not video at
 * all, or unreadable, and actions that break a file while a job runs. Each factory creates its file
 * in the given directory under a name that says what is wrong with it, and returns the path.
 *
 * <p>Randomness is seeded, so the same call makes the same bytes. File system failures are thrown
 * as {@link UncheckedIOException} naming the file. Files that still play but lose part of their
 * video are {@link DamagedMedia}'s; many seeded damaged files of six containers are
 * {@link FuzzCorpus}'s.
 */
public final class FaultyMedia {

  /** Fraction of the bytes {@link #truncated(Path, Path)} keeps. */
  public static final double DEFAULT_TRUNCATE_FRACTION = 0.4;
  /** Bytes {@link #corruptHeader} overwrites at the start of the file. */
  public static final int CORRUPT_HEADER_BYTES = 4096;
  /** Size of the file {@link #garbage} writes. */
  public static final int GARBAGE_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(FaultyMedia.class);
  private static final AtomicInteger MISSING = new AtomicInteger();
  private static volatile @Nullable Boolean unreadableWorks;

  private FaultyMedia() {}

  /** A path in {@code dir} where no file exists ({@code missing-<n>.mp4}). */
  public static Path missing(Path dir) {
    Path path;
    do {
      path = dir.resolve("missing-" + MISSING.incrementAndGet() + ".mp4");
    } while (Files.exists(path));
    return path;
  }

  /** An empty file {@code zero-bytes.mp4} in {@code dir}. */
  public static Path zeroBytes(Path dir) {
    Path path = dir.resolve("zero-bytes.mp4");
    try {
      Files.createDirectories(dir);
      Files.write(path, new byte[0]);
    } catch (IOException e) {
      throw failed(path, e);
    }
    return path;
  }

  /**
   * A copy of {@code valid} cut at {@value #DEFAULT_TRUNCATE_FRACTION} of its bytes, as a failed
   * upload leaves it. Synthetic mp4/mov files keep their index at the front, so the copy opens and
   * reports the full duration but its data ends early: decoding fails or stops mid-stream.
   */
  public static Path truncated(Path dir, Path valid) {
    return truncated(dir, valid, DEFAULT_TRUNCATE_FRACTION);
  }

  /**
   * A copy of {@code valid} cut at {@code fraction} (between 0 and 1, exclusive) of its bytes,
   * named {@code truncated-<name>}.
   */
  public static Path truncated(Path dir, Path valid, double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be > 0 and < 1 but was " + fraction);
    }
    Path path = dir.resolve("truncated-" + valid.getFileName());
    try {
      long keep = (long) (Files.size(valid) * fraction);
      copyPrefix(valid, path, keep);
    } catch (IOException e) {
      throw failed(path, e);
    }
    return path;
  }

  /**
   * A copy of {@code valid} whose first {@value #CORRUPT_HEADER_BYTES} bytes are replaced by seeded
   * random bytes (the container header is gone, the media data is intact), named
   * {@code corrupt-header-<name>}.
   */
  public static Path corruptHeader(Path dir, Path valid) {
    Path path = dir.resolve("corrupt-header-" + valid.getFileName());
    try {
      Files.createDirectories(dir);
      Files.copy(valid, path, StandardCopyOption.REPLACE_EXISTING);
      int length = (int) Math.min(CORRUPT_HEADER_BYTES, Files.size(path));
      byte[] noise = new byte[length];
      new Random(42).nextBytes(noise);
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(noise), 0);
      }
    } catch (IOException e) {
      throw failed(path, e);
    }
    return path;
  }

  /**
   * A copy of {@code valid} as a recording cut off before its index was written, named
   * {@code no-moov-<name>}: the packets are remuxed into mp4 with the index (moov atom) last, as
   * FFmpeg, cameras and phones write it unless told otherwise, and the file is cut where the index
   * begins. FFmpeg refuses to open it ("moov atom not found").
   *
   * @throws SyntheticMediaException when FFmpeg can not remux {@code valid}
   */
  public static Path noMoov(Path dir, Path valid) {
    Path path = dir.resolve("no-moov-" + valid.getFileName());
    Path indexLast = dir.resolve("index-last-" + valid.getFileName());
    try {
      Files.createDirectories(dir);
      PacketFiles.remuxIndexLast(valid, indexLast);
      copyPrefix(indexLast, path, offsetOfTopLevelBox(indexLast, "moov"));
    } catch (IOException e) {
      throw failed(path, e);
    } finally {
      try {
        Files.deleteIfExists(indexLast);
      } catch (IOException e) {
        LOG.warn("could not delete intermediate file {}", indexLast, e);
      }
    }
    return path;
  }

  /**
   * {@code avs3-video.mp4}: an MP4 holding one second of 160x120 AVS3 video (China's UHD broadcast
   * codec). FFmpeg demuxes AVS3 from MP4 but decodes it only through the external libuavs3d, which
   * JavaCV's FFmpeg builds (LGPL and GPL) do not include: opening the file for decoding fails with
   * "codec not found". The packets are filler bytes; no decoder would accept them either.
   *
   * @throws SyntheticMediaException when FFmpeg can not write the file
   */
  public static Path undecodableVideo(Path dir) {
    Path path = dir.resolve("avs3-video.mp4");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw failed(path, e);
    }
    PacketFiles.writeVideoPackets(path, "mp4", "avs3");
    return path;
  }

  /** {@value #GARBAGE_BYTES} seeded random bytes named {@code garbage.mp4}: not media at all. */
  public static Path garbage(Path dir) {
    Path path = dir.resolve("garbage.mp4");
    byte[] noise = new byte[GARBAGE_BYTES];
    new Random(7).nextBytes(noise);
    try {
      Files.createDirectories(dir);
      Files.write(path, noise);
    } catch (IOException e) {
      throw failed(path, e);
    }
    return path;
  }

  /**
   * A valid one-second {@code audio-only.m4a}: an AAC stream (the synthetic 440 Hz tone with its
   * clicks) and no video stream.
   *
   * @throws SyntheticMediaException when FFmpeg can not write it
   */
  public static Path audioOnly(Path dir) {
    return MediaWriter.writeAudioOnly(
        dir.resolve("audio-only.m4a"), Duration.ofSeconds(1), SyntheticSpec.DEFAULT_TONE_HZ);
  }

  /**
   * A copy of {@code valid} with permissions {@code 000}, named {@code unreadable-<name>}. Root (and
   * file systems without POSIX permissions) can still read it: check {@link #canMakeUnreadable()}
   * and skip the test when it is {@code false}.
   */
  public static Path unreadable(Path dir, Path valid) {
    Path path = dir.resolve("unreadable-" + valid.getFileName());
    try {
      Files.createDirectories(dir);
      Files.copy(valid, path, StandardCopyOption.REPLACE_EXISTING);
      revokeAccess(path);
    } catch (IOException e) {
      throw failed(path, e);
    }
    return path;
  }

  /**
   * Whether {@link #unreadable} really makes a file unreadable for this process: false when running
   * as root or on a file system without POSIX permissions. Found out once, by trying.
   */
  public static boolean canMakeUnreadable() {
    Boolean known = unreadableWorks;
    if (known == null) {
      known = probeUnreadable();
      unreadableWorks = known;
    }
    return known;
  }

  /**
   * An action that deletes {@code file} the first time it runs (later runs do nothing), for calling
   * from a {@link ProgressListener} while a job renders. On Linux a grabber that already opened the
   * file keeps reading it; the deletion hits only opens that come later (later clips, retries).
   *
   * @throws UncheckedIOException from the action when the file can not be deleted
   */
  public static Runnable deleteDuring(Path file) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw failed(file, e);
        }
      }
    };
  }

  /**
   * An action that truncates {@code file} to zero bytes in place the first time it runs. Unlike a
   * deletion this also hits grabbers that already have the file open: their next read finds the
   * end of the file.
   */
  public static Runnable truncateDuring(Path file) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(0);
        } catch (IOException e) {
          throw failed(file, e);
        }
      }
    };
  }

  /**
   * An action that sets {@code file}'s permissions to {@code 000} the first time it runs; like
   * {@link #unreadable}, it has no effect for root (see {@link #canMakeUnreadable()}).
   */
  public static Runnable makeUnreadableDuring(Path file) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        try {
          revokeAccess(file);
        } catch (IOException e) {
          throw failed(file, e);
        }
      }
    };
  }

  /**
   * A progress listener that runs {@code action} once, at the first progress report at or past
   * {@code fraction} (0 to 1) of the job; combine with {@link #deleteDuring} and friends:
   * {@code builder.onProgress(FaultyMedia.atProgress(0.3, FaultyMedia.deleteDuring(clip)))}.
   */
  public static ProgressListener atProgress(double fraction, Runnable action) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be 0 to 1 but was " + fraction);
    }
    AtomicBoolean fired = new AtomicBoolean();
    return (Progress progress) -> {
      if (progress.fraction() >= fraction && fired.compareAndSet(false, true)) {
        action.run();
      }
    };
  }

  private static void copyPrefix(Path from, Path to, long bytes) throws IOException {
    Path parent = to.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
      byte[] buffer = new byte[64 * 1024];
      long left = bytes;
      while (left > 0) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          break;
        }
        out.write(buffer, 0, read);
        left -= read;
      }
    }
  }

  /** Offset of the first top-level ISO BMFF box of {@code type} in {@code file}. */
  private static long offsetOfTopLevelBox(Path file, String type) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(16);
      long at = 0;
      long size = channel.size();
      while (at + 8 <= size) {
        header.clear();
        channel.read(header, at);
        header.flip();
        long boxSize = header.getInt() & 0xFFFFFFFFL;
        byte[] name = new byte[4];
        header.get(name);
        if (type.equals(new String(name, java.nio.charset.StandardCharsets.US_ASCII))) {
          return at;
        }
        if (boxSize == 1 && header.remaining() >= 8) {
          boxSize = header.getLong();
        } else if (boxSize == 0) {
          break;
        }
        if (boxSize < 8) {
          break;
        }
        at += boxSize;
      }
    }
    throw new IOException("no top-level " + type + " box in " + file);
  }

  private static void revokeAccess(Path path) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("---------"));
    }
  }

  private static boolean probeUnreadable() {
    Path probe = null;
    try {
      probe = Files.createTempFile("montage-testkit-unreadable", ".probe");
      revokeAccess(probe);
      try (InputStream in = Files.newInputStream(probe)) {
        in.read();
        return false;
      } catch (AccessDeniedException e) {
        return true;
      }
    } catch (IOException e) {
      throw failed(probe == null ? Path.of(System.getProperty("java.io.tmpdir")) : probe, e);
    } finally {
      if (probe != null) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException e) {
          LOG.warn("could not delete permission probe {}", probe, e);
        }
      }
    }
  }

  private static UncheckedIOException failed(Path file, IOException e) {
    return new UncheckedIOException("could not prepare faulty media " + file + ": " + e.getMessage(), e);
  }
}
