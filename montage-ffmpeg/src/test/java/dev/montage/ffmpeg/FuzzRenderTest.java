package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.Isolation;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageException;
import dev.montage.core.RenderResult;
import dev.montage.core.RenderTimeoutException;
import dev.montage.core.RunOptions;
import dev.montage.core.WorkerProcesses;
import dev.montage.core.SourceMediaException;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.FuzzContainer;
import dev.montage.testkit.FuzzCorpus;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.Mutant;
import dev.montage.testkit.RepeatedLeakCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input, in process: 216 seeded mutants of MP4, MOV, MKV, WebM, AVI and MPEG-TS files (every
 * container with every mutation six times: bit flips in headers and bodies, zeroed and duplicated
 * chunks, truncations, huge sizes) each end in a correct output or in the typed failure of a bad
 * source, with nothing half-written beside the output, nothing in the temp dir and no native handle
 * left open. Decoded, every frame of a re-encoded output is there (damage in the source shows as
 * a held frame and is reported); a stream copy (the H.264 Matroska mutants) passes the source's
 * packets through as they are, so its output is checked for its length, not decoded. A failing
 * mutant is named; {@code FuzzCorpus.mutant(dir, name)} makes it again.
 *
 * <p>Native memory is judged by its trend over the corpus (sampled every {@value #PER_SAMPLE}
 * mutants, {@link RepeatedLeakCheck}), not by one reading before and after: a leak per mutant grows
 * with the corpus, while glibc's arenas step up once at some point of a long test (once 87 MB in a
 * full suite, under 1 MB alone) and would fail a single comparison by chance.
 */
@CheckLeaks(nativeMemory = false)
class FuzzRenderTest {

  static final long SEED = 42;
  static final int MUTANTS = 216;
  /** Mutants rendered between two memory samples: 27 samples, 6 or 7 per quarter. */
  static final int PER_SAMPLE = 8;

  @TempDir Path dir;

  /**
   * Loads FFmpeg and every decoder the corpus uses before the leak check's baseline: first use grows
   * the process once (libraries, codec tables), which is not a leak.
   */
  @BeforeAll
  static void warmUp(@TempDir Path warm) {
    for (FuzzContainer container : FuzzContainer.values()) {
      Path source = FuzzCorpus.source(container);
      MontageBuilder.create().output(warm.resolve(container + ".mp4")).size(160, 120).frameRate(25)
          .tempDir(warm).clip(source).build().render();
      MontageBuilder.create().output(warm.resolve(container + "-reencoded.mp4")).size(160, 120).frameRate(25)
          .tempDir(warm).clip(source).streamCopy(false).build().render();
    }
  }

  @Test
  void everyMutant_rendersCorrectlyOrFailsAsABadSource(@JobTempDir Path jobTemp) throws IOException {
    fuzz(jobTemp, RunOptions.defaults(), MUTANTS);
  }

  /**
   * The same corpus in worker processes the host shares between jobs (a service rendering uploads):
   * started once, reused job after job, replaced after a crash, gone once closed.
   */
  @Test
  void isolatedMutants_renderCorrectlyOrFailAsABadSource(@JobTempDir Path jobTemp) throws IOException {
    try (WorkerProcesses workers = WorkerProcesses.create()) {
      fuzz(jobTemp, RunOptions.builder().workerProcesses(workers).build(), MUTANTS);
    }
    assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count(), "no worker left");
  }

  private void fuzz(Path jobTemp, RunOptions options, int count) throws IOException {
    Isolation isolation = options.isolation();
    Path out = Files.createDirectories(dir.resolve("out-" + isolation));
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    Iterator<Mutant> mutants = FuzzCorpus.write(dir.resolve("corpus-" + isolation), SEED, count).iterator();
    RepeatedLeakCheck.assertNoGrowth(count / PER_SAMPLE, () -> {
      for (int i = 0; i < PER_SAMPLE; i++) {
        outcomes.merge(render(mutants.next(), out, jobTemp, options, problems), 1, Integer::sum);
      }
    });
    System.out.println("fuzz, " + isolation + ", seed " + SEED + ", " + count + " mutants: " + outcomes);
    assertEquals(List.of(), problems);
  }

  /** Renders {@code mutant} into {@code out}, adds what went wrong to {@code problems}; returns the outcome. */
  private static String render(Mutant mutant, Path out, Path jobTemp, RunOptions options, List<String> problems) {
    String name = mutant.file().getFileName().toString();
    Path output = out.resolve(name + ".mp4");
    String outcome;
    try {
      RenderResult result = MontageBuilder.create().output(output).size(160, 120).frameRate(25).tempDir(jobTemp)
          .timeout(Duration.ofSeconds(60)).clip(mutant.file()).build().render(options);
      if (result.mode() == RenderResult.RenderMode.REENCODE) {
        long decoded = DecodedVideo.of(output).frameCount();
        if (decoded != result.frameCount()) {
          problems.add(name + ": the result says " + result.frameCount() + " frames, the output decodes " + decoded);
        }
      } else {
        long micros = FfmpegProbe.probe(output).duration().toNanos() / 1000;
        if (Math.abs(micros - result.duration().toNanos() / 1000) > 100_000) {
          problems.add(name + ": the result says " + result.duration() + ", the copied output lasts " + micros + " us");
        }
      }
      boolean damaged = result.warnings().stream().anyMatch(warning -> warning.contains("damaged source"));
      outcome = (result.mode() == RenderResult.RenderMode.REENCODE ? "re-encoded" : "copied")
          + (damaged ? ", damage reported" : "");
    } catch (SourceMediaException | RenderTimeoutException e) {
      outcome = e.getClass().getSimpleName();
      if (Files.exists(output)) {
        problems.add(name + ": failed (" + e.getMessage() + ") but left " + output);
      }
    } catch (MontageException e) {
      outcome = e.getClass().getSimpleName();
      problems.add(name + ": a bad source reported as " + outcome + ": " + e.getMessage());
    } catch (Exception e) {
      outcome = "untyped " + e.getClass().getSimpleName();
      problems.add(name + ": untyped failure " + e);
    }
    List<Path> strays = list(out, file -> !file.getFileName().toString().endsWith(".mp4")
        || file.getFileName().toString().startsWith("."));
    if (!strays.isEmpty()) {
      problems.add(name + ": left " + strays);
    }
    if (!list(jobTemp, file -> true).isEmpty()) {
      problems.add(name + ": left files in the temp dir");
    }
    return outcome;
  }

  private static List<Path> list(Path dir, Predicate<Path> which) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(which).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
