package dev.montage.ffmpeg.internal.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.worker.WorkerClassPath;
import dev.montage.ffmpeg.internal.worker.WorkerCommand;
import dev.montage.ffmpeg.internal.worker.WorkerProcess;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host started as a Spring Boot executable jar (Montage and its dependencies nested in
 * {@code BOOT-INF/lib}, the host's class path that one jar): its workers start from the nested jars
 * unpacked, and probe a source. The jar is built here from the jars and classes a worker needs.
 */
@CheckLeaks
class SpringBootJarTest {

  static final Path SOURCE = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(1)));
  /** What a worker loads: Montage's modules, JavaCV, JavaCPP and FFmpeg with their natives, SLF4J. */
  static final List<String> NEEDED = List.of("montage-ffmpeg", "montage-core", "javacv", "javacpp", "ffmpeg", "slf4j-api");

  @TempDir Path dir;

  @Test
  void aBootJarsWorkers_startFromItsNestedJars_andProbe() throws Exception {
    Path app = bootJar(dir.resolve("app.jar"));
    Properties host = new Properties();
    host.putAll(System.getProperties());
    host.setProperty("java.class.path", app.toString());

    List<String> command = WorkerCommand.of(dir, 1L << 30, host);
    String classPath = command.get(command.indexOf("-cp") + 1);
    assertNotEquals(app.toString(), classPath, "not the boot jar itself");
    assertTrue(classPath.contains("montage-worker-classpath-"), classPath);
    assertEquals(classPath, WorkerCommand.of(dir, 1L << 30, host).get(command.indexOf("-cp") + 1),
        "unpacked once per JVM");

    ProbeCall.Facts facts = probeThroughAWorker(host);
    assertEquals(160, facts.width());
    assertEquals(120, facts.height());
  }

  /** A boot jar at {@code jar} with the given entries (name to content). */
  private static Path jarOf(Path jar, java.util.Map<String, String> entries) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (java.util.Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void nestedJars_followClasspathIdx_andAreUnpackedAgainWhenACleanerRemovedThem() throws Exception {
    java.util.Map<String, String> entries = new java.util.LinkedHashMap<>();
    entries.put("BOOT-INF/lib/a.jar", "a");
    entries.put("BOOT-INF/lib/b.jar", "b");
    entries.put("BOOT-INF/lib/c.jar", "c");
    entries.put("BOOT-INF/classpath.idx", "- \"BOOT-INF/lib/b.jar\"\n- \"BOOT-INF/lib/a.jar\"\n");
    Path app = jarOf(dir.resolve("ordered.jar"), entries);

    String classPath = WorkerClassPath.of(app.toString());
    List<String> names = Stream.of(classPath.split(File.pathSeparator))
        .map(entry -> Path.of(entry).getFileName().toString()).toList();
    assertEquals(List.of("classes", "b.jar", "a.jar", "c.jar"), names, "the index's order, then the rest");

    Path unpacked = Path.of(classPath.split(File.pathSeparator)[0]).getParent();
    try (Stream<Path> files = Files.walk(unpacked)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file); // as a temp cleaner does on a long-running service
      }
    }
    String again = WorkerClassPath.of(app.toString());
    assertTrue(Files.isRegularFile(Path.of(again.split(File.pathSeparator)[1])), "unpacked again: " + again);
  }

  @Test
  void anEntryThatClimbsOut_failsSayingWhatToDo_andLeavesNothing() throws Exception {
    Path app = jarOf(dir.resolve("evil.jar"), java.util.Map.of("BOOT-INF/lib/../../../escaped.jar", "x"));
    long before = unpackDirs();
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> WorkerClassPath.of(app.toString()));
    assertTrue(e.getMessage().contains("put Montage's jars on the JVM's class path"), e.getMessage());
    assertEquals(before, unpackDirs(), "the half-unpacked directory was removed");
  }

  private static long unpackDirs() throws IOException {
    try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return dirs.filter(path -> path.getFileName().toString().startsWith("montage-worker-classpath-")).count();
    }
  }

  @Test
  void aClassPathTooLongForACommandLine_reachesTheWorkerInAnArgumentFile() throws Exception {
    StringBuilder longPath = new StringBuilder(System.getProperty("java.class.path"));
    for (int i = 0; i < 400; i++) {
      longPath.append(File.pathSeparator).append(dir.resolve("missing \"quoted\" dir " + i + ".jar"));
    }
    Properties host = new Properties();
    host.putAll(System.getProperties());
    host.setProperty("java.class.path", longPath.toString());

    List<String> command = WorkerCommand.of(dir, 1L << 30, host);
    assertTrue(command.stream().noneMatch(arg -> arg.equals("-cp")), "no -cp on the command line");
    assertTrue(command.stream().allMatch(arg -> arg.length() < 1000), "every argument short");

    assertEquals(160, probeThroughAWorker(host).width());
  }

  /** {@link #SOURCE} probed by a worker started for a host whose system properties are {@code host}. */
  private ProbeCall.Facts probeThroughAWorker(Properties host) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    try (WorkerProcess worker = WorkerProcess.start(dir, 1L << 30, host)) {
      return (ProbeCall.Facts) worker.call(new ProbeCall(SOURCE.toString(), 0, Decoding.sandboxed(48_000, 2)), work,
          frames -> { }, () -> false, Duration.ofSeconds(60));
    }
  }

  @Test
  void anOrdinaryClassPath_isTheWorkersToo() throws Exception {
    String plain = String.join(File.pathSeparator, "/app/a.jar", "/app/classes");
    assertEquals(plain, WorkerClassPath.of(plain));
    Path notBoot = dir.resolve("plain.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(notBoot))) {
      zip.putNextEntry(new ZipEntry("dev/example/App.class"));
      zip.closeEntry();
    }
    assertEquals(notBoot.toAbsolutePath().normalize().toString(), WorkerClassPath.of(notBoot.toString()));
  }

  /** A boot jar at {@code jar} holding, in BOOT-INF/lib, the entries of this JVM's class path a worker needs. */
  private static Path bootJar(Path jar) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("BOOT-INF/classes/application.properties"));
      zip.write("spring.application.name=host\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
      int n = 0;
      for (Path entry : neededEntries()) {
        zip.putNextEntry(new ZipEntry("BOOT-INF/lib/" + (n++) + "-" + jarName(entry)));
        if (Files.isDirectory(entry)) {
          writeJarOf(entry, zip);
        } else {
          Files.copy(entry, zip);
        }
        zip.closeEntry();
      }
    }
    return jar;
  }

  private static String jarName(Path entry) {
    String name = entry.getFileName().toString();
    if (name.equals("classes")) {
      return entry.getParent().getParent().getFileName() + ".jar"; // <module>/target/classes
    }
    return name;
  }

  /** This JVM's class path entries (surefire lists them in its booter jar's manifest) that a worker needs. */
  static List<Path> neededEntries() throws IOException {
    List<Path> entries = new ArrayList<>();
    for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(element);
      if (element.endsWith(".jar") && path.getFileName().toString().startsWith("surefirebooter")) {
        try (JarFile booter = new JarFile(path.toFile())) {
          Manifest manifest = booter.getManifest();
          for (String url : manifest.getMainAttributes().getValue("Class-Path").split(" ")) {
            if (!url.isBlank()) {
              entries.add(Path.of(URI.create(url)));
            }
          }
        }
      } else {
        entries.add(path);
      }
    }
    return entries.stream().filter(entry -> {
      String name = jarName(entry);
      return NEEDED.stream().anyMatch(name::startsWith) && !name.contains("tests");
    }).toList();
  }

  /** The files under {@code classes} as a jar, written into the current entry of {@code out}. */
  private static void writeJarOf(Path classes, ZipOutputStream out) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream inner = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        inner.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, inner);
        inner.closeEntry();
      }
    }
    bytes.writeTo((OutputStream) out);
  }
}
