package dev.montage.spark.internal;

import dev.montage.core.OutputException;
import dev.montage.core.SourceMediaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Copies sources onto the shared volume for executors that cannot see them where they are. Each
 * source gets a directory named after a hash of its absolute path, so two sources with one file name
 * never collide, and keeps its file name, so messages still name it. A copy is written under a
 * temporary name and moved into place, so a reader never sees half a file; one whose size and
 * modification time match the source is reused.
 */
public final class SourceStaging {

  private SourceStaging() {}

  /** Stages {@code source} under {@code root}; see the class comment. */
  public static Path stage(Path source, Path root) {
    Path absolute = source.toAbsolutePath().normalize();
    Path fileName = absolute.getFileName();
    if (fileName == null) {
      throw SourceMediaException.missing(-1, absolute);
    }
    Path target = root.resolve(hash(absolute.toString())).resolve(fileName.toString());
    long size;
    FileTime modified;
    try {
      size = Files.size(absolute);
      modified = Files.getLastModifiedTime(absolute);
    } catch (NoSuchFileException e) {
      throw SourceMediaException.missing(-1, absolute);
    } catch (IOException e) {
      throw SourceMediaException.unreadable(-1, absolute, e);
    }
    try {
      if (Files.isRegularFile(target) && Files.size(target) == size
          && Files.getLastModifiedTime(target).equals(modified)) {
        return target;
      }
      Files.createDirectories(root.resolve(hash(absolute.toString())));
      Path partial = target.resolveSibling(fileName + ".staging-" + UUID.randomUUID());
      try {
        Files.copy(absolute, partial, StandardCopyOption.COPY_ATTRIBUTES);
        try {
          Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(partial);
      }
      return target;
    } catch (IOException e) {
      throw OutputException.cannotWrite(target, e, "check that the shared directory " + root.getParent()
          + " is writable and has room for the source");
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
