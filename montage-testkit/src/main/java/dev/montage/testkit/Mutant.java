package dev.montage.testkit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One damaged file of a {@link FuzzCorpus}, with what it takes to make it again:
 * {@code FuzzCorpus.mutant(dir, container, mutation, seed)} writes the same bytes.
 *
 * @param file the file, named {@code <container>-<mutation>-s<seed as 16 hex digits>.<extension>}
 * @param container the container of its source
 * @param mutation the damage done
 * @param seed the seed of the damage
 */
public record Mutant(Path file, FuzzContainer container, Mutation mutation, long seed) {

  /** Checks for nulls. */
  public Mutant {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(mutation, "mutation");
  }
}
