package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.MontageException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process, owned by its {@link WorkerPool}: a child JVM on this JVM's class path running
 * {@link WorkerMain}, with a bounded heap, that does one {@link IsolatedCall} at a time. A child that
 * dies during a call (a signal, an abort, the OOM killer) ends the call with {@link Crash}; the
 * process is then useless and the pool replaces it. Closing ends the child: its input is closed so
 * it exits, and it is killed if it has not within a grace period.
 */
final class WorkerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);

  /** Heap of a worker: segments keep their frames in native memory, the heap holds little. */
  static final String HEAP = "-Xmx256m";
  /** A class path longer than this goes to the worker in an argument file, not on its command line. */
  static final int LONGEST_CLASS_PATH_ARGUMENT = 8_000;
  /** JavaCPP's settings are system properties under this prefix. */
  static final String JAVACPP_SETTINGS = "org.bytedeco.javacpp.";
  /** JavaCPP's limit on native memory, set per worker. */
  static final String MAX_PHYSICAL_BYTES = JAVACPP_SETTINGS + "maxPhysicalBytes";
  private static final long CANCEL_POLL_MILLIS = 50;
  private static final long EXIT_GRACE_SECONDS = 5;

  private final Process process;
  private final Path crashDir;
  private final ObjectOutputStream toWorker;
  private final ObjectInputStream fromWorker;
  private boolean closed;
  /** Whether the worker has answered its last call (Done or Failed read): only then may it be reused. */
  private volatile boolean answered = true;
  /** When the worker last sent a message during the current call. */
  private volatile long lastMessage;
  /** How long the worker had sent nothing when the host killed it as stalled; null when it was not. */
  private volatile @Nullable Duration stalledFor;

  private WorkerProcess(Process process, Path crashDir, ObjectOutputStream toWorker, ObjectInputStream fromWorker) {
    this.process = process;
    this.crashDir = crashDir;
    this.toWorker = toWorker;
    this.fromWorker = fromWorker;
  }

  /**
   * Starts a worker whose native memory (JavaCPP's physical-memory limit, direct buffers) is bounded
   * by {@code nativeBytes}; its crash reports (hs_err files) go to {@code crashDir}.
   */
  static WorkerProcess start(Path crashDir, long nativeBytes) throws IOException {
    return start(crashDir, nativeBytes, System.getProperties());
  }

  /** {@link #start(Path, long)} for a host whose system properties are {@code host}. */
  static WorkerProcess start(Path crashDir, long nativeBytes, java.util.Properties host) throws IOException {
    List<String> command = command(crashDir, nativeBytes, host);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      ObjectOutputStream toWorker = new ObjectOutputStream(new BufferedOutputStream(process.getOutputStream()));
      toWorker.flush();
      ObjectInputStream fromWorker = new ObjectInputStream(new BufferedInputStream(process.getInputStream()));
      return new WorkerProcess(process, crashDir, toWorker, fromWorker);
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * The command line of a worker: this JVM's java and class path, the native limit, crash reports
   * into {@code crashDir}, and every JavaCPP setting of the host ({@code org.bytedeco.javacpp.*} in
   * {@code host}: its cache directory, {@code pathsFirst} for the system's libva) but the memory
   * limits, which are the worker's own.
   */
  static List<String> command(Path crashDir, long nativeBytes, java.util.Properties host) throws IOException {
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
    String classPath = ClassPath.of(host.getProperty("java.class.path", ""));
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

  /** Whether the worker answered its last call, so it is idle and may take another. */
  boolean answered() {
    return answered;
  }

  /** The worker's process id. */
  long pid() {
    return process.pid();
  }

  /**
   * Does {@code call} in the worker, relaying its progress to {@code progress} and a cancellation
   * once {@code cancelled} turns true. A worker that sends nothing for {@code stallBudget} (a read
   * blocked in the kernel, a hung decoder) is killed and the call ends as stalled.
   *
   * @return what the call returned
   * @throws MontageException the typed failure the call threw in the worker
   * @throws Crash when the worker died during the call, or was killed as stalled
   */
  Serializable call(IsolatedCall call, Path workDir, LongConsumer progress, BooleanSupplier cancelled,
      Duration stallBudget) throws Crash {
    long[] frames = new long[1];
    lastMessage = System.nanoTime();
    stalledFor = null;
    answered = false;
    Thread watcher = watch(cancelled, stallBudget);
    try {
      send(new WorkerProtocol.Run(call, workDir.toString()));
      while (true) {
        Object message = fromWorker.readObject();
        lastMessage = System.nanoTime();
        if (message instanceof WorkerProtocol.Progress step) {
          frames[0] += step.frames();
          progress.accept(step.frames());
        } else if (message instanceof WorkerProtocol.Done done) {
          answered = true;
          return done.value();
        } else if (message instanceof WorkerProtocol.Failed failed) {
          answered = true;
          throw failed.failure();
        }
      }
    } catch (IOException | ClassNotFoundException e) {
      int exit = exitCode();
      throw new Crash(exit, signalOf(exit), frames[0], stalledFor, e);
    } finally {
      watcher.interrupt();
      awaitEnd(watcher);
    }
  }

  /**
   * Waits for a call's watcher to end (it does at once once interrupted), so that it cannot send a
   * cancellation meant for this call into the next one: a shared worker's next call may be another
   * job's. The caller's interrupt, if any, stays set.
   */
  private static void awaitEnd(Thread watcher) {
    boolean interrupted = false;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_GRACE_SECONDS);
    while (watcher.isAlive() && System.nanoTime() < until) {
      try {
        watcher.join(100);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the process still runs and this side has not closed it: an idle worker fit to take a call. */
  synchronized boolean alive() {
    return !closed && process.isAlive();
  }

  /**
   * Watches a call from the host: sends a cancellation once {@code cancelled} turns true, and kills
   * the worker once it has sent nothing for {@code stallBudget}.
   */
  private Thread watch(BooleanSupplier cancelled, Duration stallBudget) {
    Thread watcher = new Thread(() -> {
      boolean cancelSent = false;
      try {
        while (true) {
          if (!cancelSent && cancelled.getAsBoolean()) {
            send(new WorkerProtocol.Cancel());
            cancelSent = true;
          }
          long idle = System.nanoTime() - lastMessage;
          if (idle > stallBudget.toNanos()) {
            stalledFor = Duration.ofNanos(idle);
            process.destroyForcibly();
            return;
          }
          Thread.sleep(CANCEL_POLL_MILLIS);
        }
      } catch (InterruptedException | IOException e) {
        // the call ended, or the worker is gone: the call reports that itself
      }
    }, "montage-worker-watch-" + process.pid());
    watcher.setDaemon(true);
    watcher.start();
    return watcher;
  }

  private synchronized void send(WorkerProtocol message) throws IOException {
    toWorker.writeObject(message);
    toWorker.reset();
    toWorker.flush();
  }

  /**
   * What ended the worker, in words: the signal the JVM's crash report names (a native crash ends
   * the JVM by SIGABRT after it wrote the report), else the signal of the exit code, else the code.
   */
  private String signalOf(int exit) {
    Path report = crashDir.resolve("worker-crash-" + process.pid() + ".log");
    try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(report)) {
      java.util.Optional<String> signal = lines
          .map(line -> java.util.regex.Pattern.compile("#\\s+(SIG[A-Z]+)").matcher(line))
          .filter(java.util.regex.Matcher::find).map(matcher -> matcher.group(1)).findFirst();
      if (signal.isPresent()) {
        return signal.get();
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // no report: the process did not crash inside the JVM (killed from outside)
    } finally {
      deleteReport(report);
    }
    return switch (exit) {
      case 134 -> "SIGABRT";
      case 137 -> "SIGKILL";
      case 139 -> "SIGSEGV";
      case 135 -> "SIGBUS";
      case 136 -> "SIGFPE";
      case 143 -> "SIGTERM";
      case -1 -> "no exit status";
      default -> "exit code " + exit;
    };
  }

  /** Removes a crash report once read: shared workers' reports outlive any one job's temp dir. */
  private static void deleteReport(Path report) {
    try {
      java.nio.file.Files.deleteIfExists(report);
    } catch (IOException e) {
      LOG.debug("could not delete the crash report {}: {}", report, e.getMessage());
    }
  }

  /** The exit code of a worker that died, waiting briefly for the system to report it; -1 if it lives on. */
  private int exitCode() {
    try {
      if (process.waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS)) {
        return process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    return -1;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      toWorker.close();
    } catch (IOException e) {
      // already gone
    }
    // An interrupted caller is in a hurry: the worker is killed at once rather than given its grace.
    boolean interrupted = Thread.interrupted();
    try {
      if (interrupted || !process.waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The worker died during a call. */
  static final class Crash extends Exception {
    private static final long serialVersionUID = 1L;
    private final String signal;
    private final long framesDone;
    private final @Nullable Duration stalledFor;

    Crash(int exitCode, String signal, long framesDone, @Nullable Duration stalledFor, @Nullable Throwable cause) {
      super("worker process ended with exit code " + exitCode + " (" + signal + ")", cause);
      this.signal = signal;
      this.framesDone = framesDone;
      this.stalledFor = stalledFor;
    }

    /** How long the worker had sent nothing when the host killed it as stalled; null when it died on its own. */
    @Nullable Duration stalledFor() {
      return stalledFor;
    }

    /** Frames the call had reported before it died. */
    long framesDone() {
      return framesDone;
    }

    /** What ended the process, in words: {@code SIGSEGV}, {@code SIGKILL}, or the exit code. */
    String signal() {
      return signal;
    }
  }

  /**
   * The class path a worker process starts with. Usually the host's own ({@code java.class.path}).
   * A host started as a Spring Boot executable jar ({@code java -jar app.jar}, Montage and its
   * dependencies nested in {@code BOOT-INF/lib}) has only that jar there, and a JVM cannot load
   * classes from jars inside a jar: its {@code BOOT-INF/classes} and {@code BOOT-INF/lib} jars are
   * unpacked once per JVM into a directory of their own (removed when the JVM exits), and the workers
   * start from those.
   */
  static final class ClassPath {

    private static final String CLASSES = "BOOT-INF/classes/";
    private static final String LIBS = "BOOT-INF/lib/";
    /** Boot jars already unpacked in this JVM, by path: their workers' class path. */
    private static final Map<Path, String> UNPACKED = new HashMap<>();

    private ClassPath() {}

    /** The workers' class path for a host whose class path is {@code hostClassPath}. */
    static String of(String hostClassPath) throws IOException {
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
        String known = UNPACKED.get(jar);
        if (known != null && stillThere(known)) {
          return known;
        }
        String unpacked = unpackIfBoot(jar);
        UNPACKED.put(jar, unpacked);
        return unpacked;
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
    private static String unpackIfBoot(Path jar) throws IOException {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        if (zip.getEntry(LIBS) == null && zip.stream().noneMatch(entry -> entry.getName().startsWith(LIBS))) {
          return jar.toString();
        }
        Path dir = Files.createTempDirectory("montage-worker-classpath-").toAbsolutePath().normalize();
        try {
          String classPath = unpack(zip, dir);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "montage-worker-classpath-cleanup"));
          return classPath;
        } catch (IOException | RuntimeException e) {
          deleteQuietly(dir);
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

    /** Removes {@code dir} (at JVM exit, or after a failed unpack), each file it can; the others stay. */
    private static void deleteQuietly(Path dir) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.sorted(Comparator.reverseOrder()).toList();
      } catch (IOException e) {
        return; // at exit there is no one to tell: the directory is under java.io.tmpdir, named for Montage
      }
      for (Path file : files) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // A file a worker still holds open (Windows): the rest is removed all the same.
        }
      }
    }
  }
}
