package dev.montage.testkit;

import dev.montage.testkit.internal.ByteMutator;
import dev.montage.testkit.internal.MediaLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded corpus of damaged media for fuzz tests: small valid files of every {@link FuzzContainer}
 * with one {@link Mutation} each, written deterministically, so a failure names a file that can be
 * made again. A host's fuzz test renders or probes each mutant and expects a correct output or a
 * typed failure, never a hang, a crash or a leak:
 *
 * <pre>{@code
 * for (Mutant mutant : FuzzCorpus.write(dir, 42, 200)) {
 *   // probe or render mutant.file(); on failure, report mutant.file().getFileName():
 *   // FuzzCorpus.mutant(dir, thatName) writes the same bytes again
 * }
 * }</pre>
 *
 * <p>The valid sources are {@link SyntheticMedia#cached cached} synthetic files (written once per
 * JVM, outside {@code dir}); mutants are written in memory and then only into {@code dir}. The same
 * seed gives the same files for the same sources, and the sources are the same for the same FFmpeg
 * build. Three hundred mutants take about half a second once the sources exist (writing all six
 * takes two to three seconds on first use, native libraries included).
 */
public final class FuzzCorpus {

  private FuzzCorpus() {}

  /**
   * The valid file {@code container}'s mutants start from, written on first use.
   *
   * @throws SyntheticMediaException when it can not be written
   */
  public static Path source(FuzzContainer container) {
    return SyntheticMedia.cached(container.sourceSpec());
  }

  /**
   * Writes {@code count} mutants into {@code dir} (created if needed) and returns them in order.
   * Mutant {@code i} is of container {@code i % 6} and mutation {@code (i / 6) % 6} (declaration
   * order), so 36 mutants cover every pair once, and its seed is the {@code i}-th number drawn from
   * {@code seed}.
   *
   * @throws IllegalArgumentException when {@code count} is negative
   * @throws SyntheticMediaException when a source can not be written
   * @throws UncheckedIOException naming the file when a source can not be read or a mutant written
   */
  public static List<Mutant> write(Path dir, long seed, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0 but was " + count);
    }
    FuzzContainer[] containers = FuzzContainer.values();
    Mutation[] mutations = Mutation.values();
    Map<FuzzContainer, Source> sources = new EnumMap<>(FuzzContainer.class);
    SplittableRandom seeds = new SplittableRandom(seed);
    List<Mutant> mutants = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      FuzzContainer container = containers[i % containers.length];
      Mutation mutation = mutations[(i / containers.length) % mutations.length];
      Source source = sources.computeIfAbsent(container, Source::read);
      mutants.add(write(dir, source, mutation, seeds.nextLong()));
    }
    return List.copyOf(mutants);
  }

  /**
   * Writes the one mutant of {@code container}'s source with {@code mutation} and {@code seed} into
   * {@code dir}: the same bytes as the mutant of that name in any corpus.
   *
   * @throws SyntheticMediaException when the source can not be written
   * @throws UncheckedIOException naming the file when the source can not be read or the mutant written
   */
  public static Mutant mutant(Path dir, FuzzContainer container, Mutation mutation, long seed) {
    return write(dir, Source.read(container), mutation, seed);
  }

  /**
   * Writes the mutant a file name stands for, such as
   * {@code mkv-duplicated-chunk-saf080b41cdf27a01.mkv} from a failed fuzz run, into {@code dir}.
   *
   * @throws IllegalArgumentException when the name is not one {@link #fileName} gives
   * @throws SyntheticMediaException when the source can not be written
   * @throws UncheckedIOException naming the file when the source can not be read or the mutant written
   */
  public static Mutant mutant(Path dir, String fileName) {
    for (FuzzContainer container : FuzzContainer.values()) {
      for (Mutation mutation : Mutation.values()) {
        String prefix = fileName(container, mutation, 0).replaceFirst("0{16}\\..*$", "");
        String suffix = "." + container.extension();
        String seed = fileName.startsWith(prefix) && fileName.endsWith(suffix)
            ? fileName.substring(prefix.length(), fileName.length() - suffix.length()) : "";
        if (seed.matches("[0-9a-f]{16}")) {
          return mutant(dir, container, mutation, Long.parseUnsignedLong(seed, 16));
        }
      }
    }
    throw new IllegalArgumentException("not the name of a fuzz corpus mutant: '" + fileName
        + "' (expected <container>-<mutation>-s<16 hex digits>.<extension>)");
  }

  /** The file name of a mutant: {@code <container>-<mutation>-s<seed in hex>.<extension>}. */
  public static String fileName(FuzzContainer container, Mutation mutation, long seed) {
    return String.format(Locale.ROOT, "%s-%s-s%016x.%s", container.name().toLowerCase(Locale.ROOT).replace('_', '-'),
        mutation.fileTag(), seed, container.extension());
  }

  private static Mutant write(Path dir, Source source, Mutation mutation, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] bytes = switch (mutation) {
      case HEADER_FLIPS -> ByteMutator.flipHeaderBits(source.bytes(), source.layout(), random);
      case BODY_FLIPS -> ByteMutator.flipBodyBits(source.bytes(), source.layout(), random);
      case ZEROED_CHUNK -> ByteMutator.zeroChunk(source.bytes(), random);
      case DUPLICATED_CHUNK -> ByteMutator.duplicateChunk(source.bytes(), source.layout(), random);
      case TRUNCATION -> ByteMutator.truncate(source.bytes(), source.layout(), random);
      case HUGE_SIZE -> ByteMutator.hugeSize(source.bytes(), source.layout(), random);
    };
    Path file = dir.resolve(fileName(source.container(), mutation, seed));
    try {
      Files.createDirectories(dir);
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write mutant " + file + ": " + e.getMessage(), e);
    }
    return new Mutant(file, source.container(), mutation, seed);
  }

  /** A source's bytes and layout, read once per corpus. */
  private static final class Source {
    private final FuzzContainer container;
    private final byte[] bytes;
    private final MediaLayout layout;

    private Source(FuzzContainer container, byte[] bytes) {
      this.container = container;
      this.bytes = bytes;
      this.layout = MediaLayout.scan(container.syntax(), bytes);
    }

    static Source read(FuzzContainer container) {
      Path file = source(container);
      try {
        return new Source(container, Files.readAllBytes(file));
      } catch (IOException e) {
        throw new UncheckedIOException("could not read fuzz source " + file + ": " + e.getMessage(), e);
      }
    }

    FuzzContainer container() {
      return container;
    }

    /** The source's bytes; mutations copy them and never write into this array. */
    byte[] bytes() {
      return bytes;
    }

    MediaLayout layout() {
      return layout;
    }
  }
}
