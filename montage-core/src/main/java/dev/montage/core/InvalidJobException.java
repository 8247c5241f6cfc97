package dev.montage.core;

import java.util.List;

/**
 * The job as described cannot be rendered. Thrown by {@link MontageBuilder#build()} with every
 * problem found, so that all of them can be fixed in one go; and by a render, before it writes
 * anything, for what only the renderer can tell (a text its fonts cannot draw, run options that cannot
 * be combined).
 */
public final class InvalidJobException extends MontageException {

  private static final long serialVersionUID = 1L;

  /** Every problem found, unmodifiable. */
  private final List<String> problems;

  private InvalidJobException(List<String> problems) {
    super(message(problems), -1, null, null);
    this.problems = List.copyOf(problems);
  }

  /**
   * An exception listing {@code problems}, each a complete sentence naming setting, value and rule.
   *
   * @throws IllegalArgumentException when {@code problems} is empty
   */
  public static InvalidJobException of(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid job has at least one problem");
    }
    return new InvalidJobException(problems);
  }

  /** Every problem found, in the order of the job's settings and clips. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    StringBuilder text = new StringBuilder("invalid montage job (")
        .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
    for (String problem : problems) {
      text.append("\n  - ").append(problem);
    }
    return text.toString();
  }
}
