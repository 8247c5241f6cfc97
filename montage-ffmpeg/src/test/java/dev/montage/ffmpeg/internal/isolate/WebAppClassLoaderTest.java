package dev.montage.ffmpeg.internal.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.worker.WorkerProcess;
import dev.montage.testkit.CheckLeaks;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that loads Montage with a class loader of its own, as Tomcat or Jetty load a web
 * application's {@code WEB-INF/lib} (the JVM's class path is the server's bootstrap jar): its workers
 * start from what that loader read, and probe a source.
 */
@CheckLeaks
class WebAppClassLoaderTest {

  @TempDir Path dir;

  @Test
  void aWebApplicationsWorkers_startFromWhatItsLoaderRead_andProbe() throws Exception {
    String serverClassPath = dir.resolve("tomcat/bin/bootstrap.jar").toString();
    List<URL> webInfLib = new ArrayList<>();
    for (Path entry : SpringBootJarTest.neededEntries()) {
      webInfLib.add(entry.toUri().toURL());
    }
    String classPath = workerClassPathIn(webInfLib, serverClassPath);
    List<String> entries = List.of(classPath.split(File.pathSeparator));
    assertFalse(entries.contains(serverClassPath), "not the server's class path: " + classPath);
    assertTrue(entries.stream().allMatch(entry -> Files.exists(Path.of(entry))), classPath);
    for (URL url : webInfLib) {
      assertTrue(entries.contains(Path.of(url.toURI()).toString()), "everything the loader reads (its logging binding"
          + " among it): " + url + " in " + classPath);
    }

    Properties host = new Properties();
    host.putAll(System.getProperties());
    host.setProperty("java.class.path", classPath);
    Path work = Files.createDirectories(dir.resolve("work"));
    try (WorkerProcess worker = WorkerProcess.start(dir, 1L << 30, host)) {
      ProbeCall.Facts facts = (ProbeCall.Facts) worker.call(
          new ProbeCall(SpringBootJarTest.SOURCE.toString(), 0, Decoding.sandboxed(48_000, 2)), work,
          frames -> { }, () -> false, Duration.ofSeconds(60));
      assertEquals(160, facts.width());
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.noneMatch(file -> file.getFileName().toString().endsWith(".log")), "no worker crash report");
    }
  }

  @Test
  void aWebApplicationWithoutNatives_isRefusedSayingWhatToAdd() throws Exception {
    List<URL> withoutNatives = new ArrayList<>();
    for (Path entry : SpringBootJarTest.neededEntries()) {
      if (!entry.getFileName().toString().contains(Loader.getPlatform())) {
        withoutNatives.add(entry.toUri().toURL());
      }
    }
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> workerClassPathIn(withoutNatives, dir.resolve("bootstrap.jar").toString()));
    assertTrue(e.getCause().getMessage().contains("native libraries for " + Loader.getPlatform() + " are not loadable"),
        e.getCause().getMessage());
    assertTrue(e.getCause().getMessage().contains("with the classifier " + Loader.getPlatform()), e.getCause().getMessage());
  }

  /** The workers' class path that Montage, loaded by a loader of its own from {@code lib}, gives under {@code server}'s. */
  private static String workerClassPathIn(List<URL> lib, String server) throws Exception {
    try (URLClassLoader webApp = new URLClassLoader("webapp", lib.toArray(URL[]::new), null)) {
      Class<?> inWebApp = Class.forName("dev.montage.ffmpeg.internal.worker.WorkerClassPath", true, webApp);
      return (String) inWebApp.getMethod("of", String.class).invoke(null, server);
    }
  }
}
