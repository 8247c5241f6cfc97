package dev.montage.ffmpeg.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A worker's command line: the host's java and class path, its own native limit, the host's JavaCPP settings. */
class WorkerCommandTest {

  @Test
  void theHostsJavaCppSettings_holdInItsWorkers_butTheLimitIsTheWorkers() throws Exception {
    Properties host = new Properties();
    host.setProperty("java.home", "/opt/jdk");
    host.setProperty("java.class.path", "/app/lib/a.jar:/app/lib/b.jar");
    host.setProperty("org.bytedeco.javacpp.pathsFirst", "true");
    host.setProperty("org.bytedeco.javacpp.cachedir", "/var/cache/my app");
    host.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "64g");
    host.setProperty("org.bytedeco.javacpp.maxbytes", "50%");
    host.setProperty("user.name", "service");

    List<String> command = WorkerCommand.of(Path.of("/tmp/crashes"), 1L << 30, host);

    assertEquals("/opt/jdk/bin/java", command.get(0));
    assertTrue(command.contains("-Dorg.bytedeco.javacpp.maxPhysicalBytes=1073741824"), command.toString());
    assertTrue(command.contains("-Dorg.bytedeco.javacpp.pathsFirst=true"), command.toString());
    assertTrue(command.contains("-Dorg.bytedeco.javacpp.cachedir=/var/cache/my app"), command.toString());
    assertEquals(1, command.stream().filter(arg -> arg.contains("maxPhysicalBytes")).count(), command.toString());
    assertTrue(command.stream().noneMatch(arg -> arg.contains("maxbytes")), "memory limits are the worker's own");
    assertTrue(command.stream().noneMatch(arg -> arg.contains("user.name")), command.toString());
    assertEquals(List.of("-cp", "/app/lib/a.jar:/app/lib/b.jar", WorkerMain.class.getName()),
        command.subList(command.size() - 3, command.size()));
  }
}
