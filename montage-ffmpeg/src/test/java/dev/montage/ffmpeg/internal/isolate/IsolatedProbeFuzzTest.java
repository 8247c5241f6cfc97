package dev.montage.ffmpeg.internal.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.montage.core.MediaInfo;
import dev.montage.core.MontageException;
import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.testkit.FuzzCorpus;
import dev.montage.testkit.Mutant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole fuzz corpus (216 seeded mutants of six containers) probed in worker processes of one
 * pool, where hostile media first meets a demuxer and a decoder: every probe returns the file's
 * facts or the typed failure of a bad source, the workers are reused across mutants, and none is
 * left afterwards. (Whole isolated renders of the corpus are in FuzzRenderTest; each starts its own
 * workers, so it renders fewer.)
 */
class IsolatedProbeFuzzTest {

  @TempDir Path dir;

  @Test
  void everyMutant_probedInAWorker_givesFactsOrATypedFailure() throws Exception {
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    List<Long> pids;
    try (WorkerPool pool = new WorkerPool(dir, 1L << 30)) {
      for (Mutant mutant : FuzzCorpus.write(dir.resolve("corpus"), 42, 216)) {
        String name = mutant.file().getFileName().toString();
        try {
          MediaInfo info = pool.probe(mutant.file(), 0, Decoding.sandboxed(48_000, 2), dir, () -> false,
              Duration.ofSeconds(60));
          outcomes.merge(info.width() > 0 ? "probed" : "probed, no size", 1, Integer::sum);
        } catch (SourceMediaException e) {
          outcomes.merge("SourceMediaException", 1, Integer::sum);
        } catch (MontageException e) {
          problems.add(name + ": " + e);
        }
      }
      pids = pool.pids();
    }
    System.out.println("isolated probes, seed 42, 216 mutants: " + outcomes + " in " + pids.size() + " worker(s)");
    assertEquals(List.of(), problems);
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "worker " + pid + " is gone");
    }
    try (var left = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("corpus")), left.toList(), "no crash report or other file left");
    }
  }
}
