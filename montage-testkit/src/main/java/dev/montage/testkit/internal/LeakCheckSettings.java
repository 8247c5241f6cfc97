package dev.montage.testkit.internal;

/**
 * The checks to run on one test, taken from its {@code @CheckLeaks}.
 *
 * @param handles check the renderer's ledger
 * @param tempFiles check job temp directories
 * @param fileDescriptors check open descriptors
 * @param fdTolerance descriptors a test may add
 * @param nativeMemory check native memory
 * @param nativeMemoryToleranceBytes native growth a test may cause
 */
public record LeakCheckSettings(
    boolean handles,
    boolean tempFiles,
    boolean fileDescriptors,
    int fdTolerance,
    boolean nativeMemory,
    long nativeMemoryToleranceBytes) {

  /** Every check on, with the annotation's default tolerances. */
  public static final LeakCheckSettings DEFAULTS = new LeakCheckSettings(true, true, true, 0, true, 64L << 20);

  /** Whether no check is on. */
  public boolean allOff() {
    return !handles && !tempFiles && !fileDescriptors && !nativeMemory;
  }
}
