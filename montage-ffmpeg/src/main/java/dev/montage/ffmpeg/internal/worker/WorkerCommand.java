package dev.montage.ffmpeg.internal.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line a worker process starts with: this JVM's java, a small heap, the native memory
 * limit, crash reports into the workers' directory, the host's JavaCPP settings, the class path
 * ({@link WorkerClassPath}; in an argument file when long) and {@link WorkerMain}.
 */
public final class WorkerCommand {

  /** Heap of a worker: segments keep their frames in native memory, the heap holds little. */
  static final String HEAP = "-Xmx256m";
  /** A class path longer than this goes to the worker in an argument file, not on its command line. */
  static final int LONGEST_CLASS_PATH_ARGUMENT = 8_000;
  /** JavaCPP's settings are system properties under this prefix. */
  static final String JAVACPP_SETTINGS = "org.bytedeco.javacpp.";
  /** JavaCPP's limit on native memory, set per worker. */
  static final String MAX_PHYSICAL_BYTES = JAVACPP_SETTINGS + "maxPhysicalBytes";
  /**
   * The command line of a worker: this JVM's java and class path, the native limit, crash reports
   * into {@code crashDir}, and every JavaCPP setting of the host ({@code org.bytedeco.javacpp.*} in
   * {@code host}: its cache directory, {@code pathsFirst} for the system's libva) but the memory
   * limits, which are the worker's own.
   */
  public static List<String> of(Path crashDir, long nativeBytes, java.util.Properties host) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(host.getProperty("java.home"), "bin", "java").toString());
    command.add(HEAP);
    command.add("-D" + MAX_PHYSICAL_BYTES + "=" + nativeBytes);
    host.stringPropertyNames().stream().sorted()
        .filter(name -> name.startsWith(JAVACPP_SETTINGS) && !isMemoryLimit(name))
        .forEach(name -> command.add("-D" + name + "=" + host.getProperty(name)));
    command.add("-XX:MaxDirectMemorySize=" + nativeBytes);
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.awt.headless=true"); // titles are drawn with Java2D: never reach for a display
    command.add("-XX:-CreateCoredumpOnCrash");
    command.add("-XX:ErrorFile=" + crashDir.resolve("worker-crash-%p.log"));
    String classPath = WorkerClassPath.of(host.getProperty("java.class.path", ""));
    if (classPath.length() > LONGEST_CLASS_PATH_ARGUMENT) {
      command.add("@" + classPathFile(crashDir, classPath));
    } else {
      command.add("-cp");
      command.add(classPath);
    }
    command.add(WorkerMain.class.getName());
    return command;
  }

  /**
   * {@code -cp classPath} in a java argument file in {@code dir} (named by its content, written once):
   * a class path of hundreds of jars passes Windows' 32,767-character command line otherwise.
   */
  private static Path classPathFile(Path dir, String classPath) throws IOException {
    String quoted = "-cp \"" + classPath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
    Path file = dir.resolve("worker-classpath-" + Integer.toHexString(quoted.hashCode()) + ".args");
    if (!Files.isRegularFile(file) || !Files.readString(file).equals(quoted)) {
      Files.writeString(file, quoted);
    }
    return file;
  }

  /** JavaCPP's memory limits ({@code maxBytes}, {@code maxPhysicalBytes}, either case): set per worker, never passed on. */
  private static boolean isMemoryLimit(String name) {
    String setting = name.substring(JAVACPP_SETTINGS.length());
    return setting.equalsIgnoreCase("maxBytes") || setting.equalsIgnoreCase("maxPhysicalBytes");
  }

  private WorkerCommand() {}
}
