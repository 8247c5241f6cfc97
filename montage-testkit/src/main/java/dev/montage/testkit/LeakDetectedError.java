package dev.montage.testkit;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A test or a repeated render left resources behind. The message lists every failed check with how
 * far it is off and, for handles, where each one was opened. When the test failed on its own, this
 * error is attached to that failure as suppressed instead of replacing it.
 */
public final class LeakDetectedError extends AssertionError {

  private static final long serialVersionUID = 1L;

  private final EnumSet<LeakCheck> failedChecks;

  private LeakDetectedError(String message, EnumSet<LeakCheck> failedChecks) {
    super(message);
    this.failedChecks = failedChecks;
  }

  /**
   * An error for {@code subject} (a test name or "repeated render") from one report paragraph per
   * failed check.
   *
   * @param subject what leaked, for the first line
   * @param findings one entry per failed check, in report order
   */
  public static LeakDetectedError of(String subject, List<Finding> findings) {
    if (findings.isEmpty()) {
      throw new IllegalArgumentException("a leak error needs at least one finding");
    }
    EnumSet<LeakCheck> checks = EnumSet.noneOf(LeakCheck.class);
    StringBuilder message = new StringBuilder()
        .append(subject).append(" leaked: ").append(findings.size())
        .append(findings.size() == 1 ? " check" : " checks").append(" failed");
    for (Finding finding : findings) {
      checks.add(finding.check());
      message.append("\n- ").append(finding.check().label()).append(": ").append(finding.text());
    }
    return new LeakDetectedError(message.toString(), checks);
  }

  /** The checks that failed. */
  public Set<LeakCheck> failedChecks() {
    return EnumSet.copyOf(failedChecks);
  }

  /**
   * One failed check.
   *
   * @param check which check failed
   * @param text by how much, with the details that help find the leak
   */
  public record Finding(LeakCheck check, String text) {}
}
