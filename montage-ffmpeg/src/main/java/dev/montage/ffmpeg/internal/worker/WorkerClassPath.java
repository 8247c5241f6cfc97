package dev.montage.ffmpeg.internal.worker;

import dev.montage.core.internal.OwnedTempDir;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bytedeco.javacpp.Loader;
import org.jspecify.annotations.Nullable;

/**
 * The class path a worker process starts with. Usually the host's own ({@code java.class.path}).
 * A host that loaded Montage with a class loader of its own (a web application's) gives its
 * workers what that loader read ({@link LoaderClassPath}). A host started as a Spring Boot executable jar ({@code java -jar app.jar}, Montage and its
 * dependencies nested in {@code BOOT-INF/lib}) has only that jar there, and a JVM cannot load
 * classes from jars inside a jar: its {@code BOOT-INF/classes} and {@code BOOT-INF/lib} jars are
 * unpacked once per JVM into a directory of their own (removed when the JVM exits, or by the next
 * JVM if this one is killed: {@link OwnedTempDir}), and the workers
 * start from those.
 */
public final class WorkerClassPath {

  private static final String CLASSES = "BOOT-INF/classes/";
  private static final String LIBS = "BOOT-INF/lib/";
  /** Boot jars already unpacked in this JVM, by path: their workers' class path. */
  private static final Map<Path, Unpacked> UNPACKED = new HashMap<>();

  private WorkerClassPath() {}

  /** The workers' class path for a host whose class path is {@code hostClassPath}. */
  public static String of(String hostClassPath) throws IOException {
    ClassLoader montage = WorkerMain.class.getClassLoader();
    return of(hostClassPath, montage == ClassLoader.getSystemClassLoader(), montage);
  }

  /**
   * The workers' class path: a Spring Boot jar's unpacked; else the host's, when Montage was loaded
   * from it ({@code onHostClassPath}); else what {@code montage}, the loader that loaded it, read it
   * from ({@link LoaderClassPath}: a web application's {@code WEB-INF/lib}, a plugin's folder).
   */
  static String of(String hostClassPath, boolean onHostClassPath, ClassLoader montage) throws IOException {
    String unpacked = unpackedIfBoot(hostClassPath);
    if (!unpacked.equals(hostClassPath) || onHostClassPath) {
      return unpacked;
    }
    return LoaderClassPath.of(montage, Loader.getPlatform());
  }

  /** {@code hostClassPath}, or for a Spring Boot jar the class path of its unpacked classes and libraries. */
  private static String unpackedIfBoot(String hostClassPath) throws IOException {
    if (hostClassPath.contains(File.pathSeparator)
        || !hostClassPath.toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
      return hostClassPath;
    }
    Path jar;
    try {
      jar = Path.of(hostClassPath).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return hostClassPath; // not a path this JVM can read: the worker's java reads it as the host's did
    }
    if (!Files.isRegularFile(jar)) {
      return hostClassPath;
    }
    synchronized (UNPACKED) {
      Unpacked known = UNPACKED.get(jar);
      if (known != null && stillThere(known.classPath())) {
        return known.classPath();
      }
      if (known != null && known.dir() != null) {
        known.dir().close(); // what a cleaner left of it
      }
      Unpacked unpacked = unpackIfBoot(jar);
      UNPACKED.put(jar, unpacked);
      return unpacked.classPath();
    }
  }

  /** Whether every entry of {@code classPath} still exists (a temp cleaner may have removed an unpacked one). */
  private static boolean stillThere(String classPath) {
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!Files.exists(Path.of(entry))) {
        return false;
      }
    }
    return true;
  }

  /** {@code jar} itself, or, for a Spring Boot jar, the class path of its unpacked classes and libraries. */
  private static Unpacked unpackIfBoot(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (zip.getEntry(LIBS) == null && zip.stream().noneMatch(entry -> entry.getName().startsWith(LIBS))) {
        return new Unpacked(jar.toString(), null);
      }
      OwnedTempDir owned = OwnedTempDir.createForThisJvm("montage-worker-classpath-", "worker-classpath");
      try {
        return new Unpacked(unpack(zip, owned.dir().toAbsolutePath().normalize()), owned);
      } catch (IOException | RuntimeException e) {
        owned.close();
        throw new IOException("unpacking the host's Spring Boot jar " + jar + " for worker processes failed (" + e
            + "); put Montage's jars on the JVM's class path, or render without isolation", e);
      }
    }
  }

  /**
   * Unpacks {@code zip}'s classes and nested jars under {@code dir}; returns their class path in the
   * order Spring Boot's launcher uses: the classes, then the jars {@code BOOT-INF/classpath.idx}
   * lists, in its order, then any others, in the jar's.
   */
  private static String unpack(ZipFile zip, Path dir) throws IOException {
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    Map<String, String> libs = new java.util.LinkedHashMap<>();
    Enumeration<? extends ZipEntry> all = zip.entries();
    while (all.hasMoreElements()) {
      ZipEntry entry = all.nextElement();
      String name = entry.getName();
      if (entry.isDirectory()) {
        continue;
      }
      if (name.startsWith(CLASSES)) {
        copy(zip, entry, inside(classes, name.substring(CLASSES.length())));
      } else if (name.startsWith(LIBS) && name.toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
        Path lib = inside(dir.resolve("lib"), name.substring(LIBS.length()));
        copy(zip, entry, lib);
        libs.put(name, lib.toString());
      }
    }
    List<String> entries = new ArrayList<>();
    entries.add(classes.toString());
    for (String listed : indexed(zip)) {
      String lib = libs.remove(listed);
      if (lib != null) {
        entries.add(lib);
      }
    }
    entries.addAll(libs.values());
    return String.join(File.pathSeparator, entries);
  }

  /** The nested jars {@code BOOT-INF/classpath.idx} lists ({@code - "BOOT-INF/lib/x.jar"} lines), in order; none without it. */
  private static List<String> indexed(ZipFile zip) throws IOException {
    ZipEntry index = zip.getEntry("BOOT-INF/classpath.idx");
    if (index == null) {
      return List.of();
    }
    List<String> listed = new ArrayList<>();
    try (InputStream in = zip.getInputStream(index)) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String entry = line.strip();
        if (entry.startsWith("- ")) {
          entry = entry.substring(2).strip();
        }
        if (entry.startsWith("\"") && entry.endsWith("\"") && entry.length() > 1) {
          entry = entry.substring(1, entry.length() - 1);
        }
        if (!entry.isEmpty()) {
          listed.add(entry.startsWith(LIBS) ? entry : LIBS + entry);
        }
      }
    }
    return listed;
  }

  /** {@code name} under {@code root}, refusing names that climb out of it ({@code ../}). */
  private static Path inside(Path root, String name) throws IOException {
    Path target = root.resolve(name).normalize();
    if (!target.startsWith(root)) {
      throw new IOException("the host's jar holds an entry outside its own folders: " + name);
    }
    return target;
  }

  private static void copy(ZipFile zip, ZipEntry entry, Path target) throws IOException {
    Path parent = target.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (InputStream in = zip.getInputStream(entry)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** A worker class path, and the directory it was unpacked into (none for a plain jar). */
  private record Unpacked(String classPath, @Nullable OwnedTempDir dir) {}
}
