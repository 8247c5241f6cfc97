package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged {@code montage.jar} (run by failsafe after the shade plugin) names the natives it carries. */
class MontageJarIT {

  @Test
  void version_namesTheNativesInTheJar() throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("montage.jar", "target/montage.jar"));
    assertTrue(Files.isRegularFile(jar), "missing " + jar.toAbsolutePath());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "--version")
        .redirectErrorStream(true)
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "montage --version did not end");
    assertEquals(0, process.exitValue(), out);
    String natives = System.getProperty("montage.natives.platform") + "-gpl";
    assertTrue(out.contains("FFmpeg natives: " + natives + " (this jar runs on that platform only)"), out);
  }
}
