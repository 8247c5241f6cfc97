package dev.montage.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Open file descriptors of this process, from {@code /proc/self/fd} (Linux). Descriptors the JVM
 * opens once and keeps for its lifetime are left out, so that the first test to load a class from
 * a jar or to use {@code SecureRandom} does not look like a leak: jar and jmod files, the runtime
 * image ({@code lib/modules}), {@code /dev/random} and {@code /dev/urandom}, the directories
 * montage-ffmpeg keeps for the JVM's life in the temp directory (with their {@code .owner} record:
 * the bundled text fonts, {@code montage-fonts-<pid>-...}, held open by the JVM's font manager; a
 * Spring Boot host's classes unpacked for worker processes, {@code montage-worker-classpath-<pid>-...}),
 * and the copies Java2D makes of a font created from a stream ({@code +~JF...tmp}). So are this process's
 * own {@code /proc} files: the listing's directory handle and the {@code statm} handle JavaCPP's
 * {@code Pointer.physicalBytes()} keeps open per thread. Sockets are not counted either: the build
 * tool's forked-JVM channel appears on its own thread at a moment no test controls, and Montage
 * reads and writes files, not sockets.
 */
public final class FdProbe {

  private static final Path FD_DIR = Path.of("/proc/self/fd");
  private static final List<String> JVM_SUFFIXES = List.of(".jar", ".jmod", "/lib/modules", "/lib/ct.sym");
  private static final List<String> JVM_FILES = List.of("/dev/random", "/dev/urandom");
  private static final List<String> OWN_PROC = List.of("/proc/self/", "/proc/" + ProcessHandle.current().pid() + "/");

  /** The prefixes of the directories montage-ffmpeg keeps for the JVM's life. */
  private static final List<String> JVM_DIRS = List.of("montage-fonts-", "montage-worker-classpath-");

  private FdProbe() {}

  /** Whether descriptors can be counted here ({@code /proc/self/fd} exists). */
  public static boolean available() {
    return Files.isDirectory(FD_DIR);
  }

  /** Open descriptors (number to link target), without the JVM's own lifetime files. */
  public static Map<Integer, String> open() {
    Map<Integer, String> open = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(FD_DIR)) {
      for (Path entry : entries) {
        String target = target(entry);
        if (target != null && !ownedByJvm(target)) {
          open.put(Integer.parseInt(entry.getFileName().toString()), target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + FD_DIR, e);
    }
    return open;
  }

  /** A file under a directory Montage keeps for the JVM's life, or Java2D's copy of a font from a stream. */
  private static boolean isJvmLifetimeFile(String target) {
    int slash = target.lastIndexOf('/');
    String name = target.substring(slash + 1);
    if (name.startsWith("+~JF") && name.endsWith(".tmp")) {
      return true;
    }
    for (String part : target.split("/")) {
      if (JVM_DIRS.stream().anyMatch(part::startsWith) && !part.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String target(Path entry) throws IOException {
    try {
      return Files.readSymbolicLink(entry).toString();
    } catch (NoSuchFileException e) {
      // Closed between listing and reading: the directory stream's own descriptor, for one.
      return null;
    }
  }

  static boolean ownedByJvm(String target) {
    if (target.startsWith("socket:") || isJvmLifetimeFile(target)) {
      return true;
    }
    for (String suffix : JVM_SUFFIXES) {
      if (target.endsWith(suffix)) {
        return true;
      }
    }
    for (String prefix : OWN_PROC) {
      if (target.startsWith(prefix)) {
        return true;
      }
    }
    return JVM_FILES.contains(target);
  }
}
