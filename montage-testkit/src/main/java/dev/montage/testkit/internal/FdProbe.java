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
 * image ({@code lib/modules}), {@code /dev/random} and {@code /dev/urandom}, and the copies of
 * fonts Java2D makes when a font is created from a stream ({@code +~JF...tmp} in the temp
 * directory: held by the JVM's font manager until it exits; Montage's bundled text fonts load so,
 * once per JVM). So are this process's
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

  /** Java2D's copy of a font created from a stream: {@code <tmpdir>/+~JF<digits>.tmp}. */
  private static boolean isFontCopy(String target) {
    int slash = target.lastIndexOf('/');
    String name = target.substring(slash + 1);
    return name.startsWith("+~JF") && name.endsWith(".tmp");
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
    if (target.startsWith("socket:") || isFontCopy(target)) {
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
