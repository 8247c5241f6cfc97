package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.testkit.internal.MediaLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@CheckLeaks(nativeMemoryToleranceMb = 128)
class FuzzCorpusTest {

  private static final Map<FuzzContainer, String> DEMUXERS = Map.of(
      FuzzContainer.MP4, "mov,mp4,m4a,3gp,3g2,mj2", FuzzContainer.MOV, "mov,mp4,m4a,3gp,3g2,mj2",
      FuzzContainer.MKV, "matroska,webm", FuzzContainer.WEBM, "matroska,webm",
      FuzzContainer.AVI, "avi", FuzzContainer.MPEG_TS, "mpegts");
  private static final int SEEDS_PER_KIND = 12;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(FuzzContainer.class)
  void source_isAValidFileOfThatContainer(FuzzContainer container) throws Exception {
    Path source = FuzzCorpus.source(container);

    Decoded decoded = Decoded.read(source);
    assertEquals(Decoded.range(30), decoded.frameIndexes());
    assertEquals(2, decoded.audioChannels());
    assertTrue(source.toString().endsWith("." + container.extension()));
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile());
    try {
      grabber.start();
      assertEquals(DEMUXERS.get(container), grabber.getFormat());
    } finally {
      grabber.release();
    }
  }

  @Test
  void write_sameSeedGivesSameFilesOtherSeedOthers() throws IOException {
    List<Mutant> first = FuzzCorpus.write(dir.resolve("a"), 7, 72);
    List<Mutant> again = FuzzCorpus.write(dir.resolve("b"), 7, 72);
    List<Mutant> other = FuzzCorpus.write(dir.resolve("c"), 8, 72);

    assertEquals(72, first.size());
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).file().getFileName(), again.get(i).file().getFileName());
      assertArrayEquals(Files.readAllBytes(first.get(i).file()), Files.readAllBytes(again.get(i).file()),
          first.get(i).file().getFileName().toString());
      assertNotEquals(first.get(i).seed(), other.get(i).seed());
    }
  }

  @Test
  void write_coversEveryContainerAndMutationWithNamesThatSayWhat() throws IOException {
    List<Mutant> corpus = FuzzCorpus.write(dir, 1, 36);

    Set<List<Object>> pairs = new HashSet<>();
    for (Mutant mutant : corpus) {
      pairs.add(List.of(mutant.container(), mutant.mutation()));
      String name = mutant.file().getFileName().toString();
      assertEquals(FuzzCorpus.fileName(mutant.container(), mutant.mutation(), mutant.seed()), name);
      assertTrue(name.contains("-" + mutant.mutation().fileTag() + "-s"), name);
      assertTrue(name.endsWith("." + mutant.container().extension()), name);
      assertFalse(Arrays.equals(Files.readAllBytes(FuzzCorpus.source(mutant.container())),
          Files.readAllBytes(mutant.file())), name + " differs from its source");
    }
    assertEquals(36, pairs.size(), "every container with every mutation");
    assertEquals("mpeg-ts-huge-size-s00000000000000ff.ts",
        FuzzCorpus.fileName(FuzzContainer.MPEG_TS, Mutation.HUGE_SIZE, 255));
  }

  @Test
  void write_writesOnlyTheMutantsAndOnlyUnderDir() throws IOException {
    for (FuzzContainer container : FuzzContainer.values()) {
      FuzzCorpus.source(container);
    }
    Path corpus = dir.resolve("nested").resolve("corpus");

    List<Mutant> mutants = FuzzCorpus.write(corpus, 3, 50);

    List<Path> written;
    try (Stream<Path> walk = Files.walk(dir)) {
      written = walk.filter(Files::isRegularFile).sorted().toList();
    }
    assertEquals(mutants.stream().map(Mutant::file).sorted().toList(), written);
    assertTrue(written.stream().allMatch(file -> file.getParent().equals(corpus)));
    assertThrows(IllegalArgumentException.class, () -> FuzzCorpus.write(corpus, 3, -1));
  }

  @Test
  void mutant_makesTheSameBytesAsTheCorpusEntryOfThatName() throws IOException {
    for (Mutant entry : FuzzCorpus.write(dir.resolve("corpus"), 5, 36)) {
      Mutant again = FuzzCorpus.mutant(dir.resolve("again"), entry.container(), entry.mutation(), entry.seed());

      assertEquals(entry.file().getFileName(), again.file().getFileName());
      assertArrayEquals(Files.readAllBytes(entry.file()), Files.readAllBytes(again.file()));
    }
  }

  @Test
  void mutant_isMadeAgainFromItsFileName() throws IOException {
    for (Mutant entry : FuzzCorpus.write(dir.resolve("corpus"), 9, 36)) {
      Mutant again = FuzzCorpus.mutant(dir.resolve("again"), entry.file().getFileName().toString());

      assertEquals(List.of(entry.container(), entry.mutation(), entry.seed()),
          List.of(again.container(), again.mutation(), again.seed()));
      assertArrayEquals(Files.readAllBytes(entry.file()), Files.readAllBytes(again.file()));
    }
    assertThrows(IllegalArgumentException.class, () -> FuzzCorpus.mutant(dir, "mp4-huge-size-s12.mp4"));
    assertThrows(IllegalArgumentException.class, () -> FuzzCorpus.mutant(dir, "mp4-huge-size-s00000000000000ff.mkv"));
    assertThrows(IllegalArgumentException.class, () -> FuzzCorpus.mutant(dir, "valid.mp4"));
  }

  @ParameterizedTest
  @EnumSource(FuzzContainer.class)
  void mutations_doWhatTheirNamesSay(FuzzContainer container) throws IOException {
    byte[] source = Files.readAllBytes(FuzzCorpus.source(container));
    MediaLayout layout = MediaLayout.scan(container.syntax(), source);
    assertFalse(layout.body().isEmpty(), "frames found");
    assertFalse(layout.sizes().isEmpty(), "size fields found");
    for (long seed = 0; seed < SEEDS_PER_KIND; seed++) {
      for (Mutation mutation : EnumSet.allOf(Mutation.class)) {
        byte[] mutant = Files.readAllBytes(FuzzCorpus.mutant(dir, container, mutation, seed).file());
        String what = container + " " + mutation + " seed " + seed;
        switch (mutation) {
          case HEADER_FLIPS -> assertFlipsWithin(source, mutant, layout.header(), 8, what);
          case BODY_FLIPS -> assertFlipsWithin(source, mutant, layout.body(), 32, what);
          case ZEROED_CHUNK -> {
            List<Integer> changed = changed(source, mutant);
            assertTrue(changed.size() <= 4096, what);
            changed.forEach(at -> assertEquals(0, mutant[at], what));
          }
          case DUPLICATED_CHUNK -> {
            int added = mutant.length - source.length;
            assertTrue(added >= 1 && added <= 64 * 1024, what + ": " + added + " bytes added");
          }
          case TRUNCATION -> {
            assertTrue(mutant.length >= 1 && mutant.length < source.length, what);
            assertArrayEquals(Arrays.copyOf(source, mutant.length), mutant, what);
          }
          case HUGE_SIZE -> {
            List<Integer> changed = changed(source, mutant);
            assertFalse(changed.isEmpty(), what);
            assertTrue(changed.get(changed.size() - 1) - changed.get(0) < 8, what + " changes one field: " + changed);
          }
          default -> throw new AssertionError(mutation);
        }
      }
    }
  }

  private static void assertFlipsWithin(byte[] source, byte[] mutant, List<MediaLayout.Range> ranges, int maxBits,
      String what) {
    assertEquals(source.length, mutant.length, what);
    int bits = 0;
    for (int at : changed(source, mutant)) {
      assertTrue(ranges.stream().anyMatch(range -> at >= range.from() && at < range.to()), what + ": byte " + at);
      bits += Integer.bitCount((source[at] ^ mutant[at]) & 0xff);
    }
    assertTrue(bits <= maxBits, what + ": " + bits + " bits");
  }

  private static List<Integer> changed(byte[] source, byte[] mutant) {
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < Math.min(source.length, mutant.length); i++) {
      if (source[i] != mutant[i]) {
        changed.add(i);
      }
    }
    return changed;
  }
}
