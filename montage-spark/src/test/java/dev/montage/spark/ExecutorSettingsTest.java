package dev.montage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorSettingsTest {

  @Test
  void executorSettings_speculationOffAndAJavacppCachePerExecutor() {
    Map<String, String> settings = SparkSegmentExecutor.executorSettings(Path.of("/tmp/javacpp"));
    assertEquals(List.of("spark.speculation", "spark.executor.extraJavaOptions"), List.copyOf(settings.keySet()));
    assertEquals("false", settings.get("spark.speculation"));
    assertEquals("-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp/{{APP_ID}}-{{EXECUTOR_ID}}",
        settings.get("spark.executor.extraJavaOptions"));
  }
}
