package dev.montage.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's shape, read from its sources: every stage package imports only the stages before it,
 * so data flows one way (probe, plan, compose, read, segment, join, audio, output, run over h264, hevc, media and capture), and
 * no package grows past the size a newcomer can take in.
 */
class StageLayeringTest {

  /** The stages in the order data flows; a stage may import only those before it. */
  static final List<String> STAGES =
      List.of("h264", "hevc", "media", "capture", "probe", "plan", "compose", "read", "segment", "join", "audio", "output", "worker", "isolate", "execute", "run");
  static final int MAX_FILES_PER_PACKAGE = 10;

  private static final Path INTERNAL = Path.of("src/main/java/dev/montage/ffmpeg/internal");
  private static final Pattern STAGE_REFERENCE = Pattern.compile("dev\\.montage\\.ffmpeg\\.internal\\.(\\w+)\\.");

  @Test
  void stages_importOnlyEarlierStages() throws IOException {
    List<String> backwards = new ArrayList<>();
    for (String stage : STAGES) {
      for (Path file : javaFiles(INTERNAL.resolve(stage))) {
        Matcher reference = STAGE_REFERENCE.matcher(Files.readString(file));
        while (reference.find()) {
          String used = reference.group(1);
          int at = STAGES.indexOf(used);
          if (at < 0 || at > STAGES.indexOf(stage)) {
            backwards.add(stage + "/" + file.getFileName() + " uses " + used);
          }
        }
      }
    }
    assertEquals(List.of(), backwards, "stages must import only earlier stages: " + STAGES);
  }

  @Test
  void internal_holdsOnlyStagePackages() throws IOException {
    try (Stream<Path> entries = Files.list(INTERNAL)) {
      List<String> strays = entries
          .map(entry -> entry.getFileName().toString())
          .filter(name -> !name.equals("package-info.java") && !STAGES.contains(name))
          .toList();
      assertEquals(List.of(), strays, "every engine class belongs to a stage");
    }
  }

  @Test
  void stagePackages_stayReadable() throws IOException {
    for (String stage : STAGES) {
      int files = javaFiles(INTERNAL.resolve(stage)).size() - 1; // without package-info
      assertTrue(files <= MAX_FILES_PER_PACKAGE, stage + " holds " + files + " classes");
    }
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.toString().endsWith(".java")).toList();
    }
  }
}
