package com.example.hostapp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.MontageJob;
import dev.montage.core.RenderResult;
import dev.montage.testkit.CheckLeaksEachTry;
import dev.montage.testkit.MontageArbitraries;
import dev.montage.testkit.SourceInfo;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterProperty;

/** Random small montages from the testkit's arbitraries render, each try leak-checked on its own. */
class RandomMontagePropertyTest {

  private final Path work;

  RandomMontagePropertyTest() throws IOException {
    work = Files.createTempDirectory("host-app-property-");
  }

  @AfterProperty
  void removeWork() throws IOException {
    Files.deleteIfExists(work.resolve("tmp"));
    Files.deleteIfExists(work);
  }

  @Provide
  Arbitrary<MontageJob> jobs() {
    List<SourceInfo> sources = List.of(
        SourceInfo.synthetic(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2))),
        SourceInfo.synthetic(SyntheticSpec.of(120, 160, 25, Duration.ofMillis(1500)).withAudio(false)));
    return MontageArbitraries.jobs(sources, work.resolve("out.mp4"), MontageArbitraries.resolutions(192, 144));
  }

  @Property(tries = 4, shrinking = ShrinkingMode.BOUNDED, seed = "20261127")
  @CheckLeaksEachTry
  void anyMontage_rendersAndClosesEverything(@ForAll("jobs") MontageJob job) throws IOException {
    Path temp = Files.createDirectories(work.resolve("tmp"));
    RenderResult result = job.toBuilder().tempDir(temp).build().render();
    try {
      assertTrue(result.frameCount() > 0);
      try (var left = Files.list(temp)) {
        assertTrue(left.findAny().isEmpty(), "the job removed its temp files");
      }
    } finally {
      Files.deleteIfExists(result.output());
    }
  }
}
