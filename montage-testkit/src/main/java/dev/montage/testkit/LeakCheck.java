package dev.montage.testkit;

/** The checks {@link LeakCheckExtension} and {@link RepeatedLeakCheck} run, as named in reports. */
public enum LeakCheck {
  /** Native handles (grabbers, recorders, filters) counted in the renderer's ledger. */
  HANDLES("handles"),
  /** Files left in a {@link JobTempDir}. */
  TEMP_FILES("temp files"),
  /** Open file descriptors of the process. */
  FILE_DESCRIPTORS("file descriptors"),
  /** Resident native memory (FFmpeg's and JavaCPP's allocations). */
  NATIVE_MEMORY("native memory"),
  /** Resident set size of the whole process (only {@link RepeatedLeakCheck}). */
  RSS("rss");

  private final String label;

  LeakCheck(String label) {
    this.label = label;
  }

  /** The name used in reports, such as {@code "file descriptors"}. */
  public String label() {
    return label;
  }
}
