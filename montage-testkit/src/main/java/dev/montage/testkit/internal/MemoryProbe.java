package dev.montage.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * Native memory of this process, measured the way FFmpeg's allocations show: resident memory
 * ({@link Pointer#physicalBytes()}), minus file-backed pages (code of libraries loaded meanwhile)
 * and minus what the JVM committed for its heap and metaspace, whose growth is not a native leak.
 * Every sample is taken after {@code System.gc()} and {@link Pointer#trimMemory()}, which returns
 * glibc's free arenas to the kernel.
 */
public final class MemoryProbe {

  private static final Path STATUS = Path.of("/proc/self/status");

  private MemoryProbe() {}

  /**
   * Whether native memory can be told apart from mapped files here ({@code /proc/self/status}
   * exists: Linux). Elsewhere a sample holds only {@link Pointer#physicalBytes()}, in which every
   * library loaded meanwhile looks like growth, so the native-memory checks are skipped.
   */
  public static boolean available() {
    return Files.isReadable(STATUS);
  }

  /**
   * One measurement.
   *
   * @param physical resident bytes ({@link Pointer#physicalBytes()})
   * @param fileBacked resident file-backed and shared bytes ({@code RssFile + RssShmem}), 0 if unknown
   * @param jvmCommitted bytes the JVM committed for heap and non-heap pools
   * @param rss resident set size from {@code VmRSS}, or {@code physical} where /proc is missing
   */
  public record Sample(long physical, long fileBacked, long jvmCommitted, long rss) {

    /** Resident bytes that are neither files nor JVM pools: FFmpeg's and JavaCPP's allocations. */
    public long nativeBytes() {
      return physical - fileBacked - jvmCommitted;
    }
  }

  /** Collects garbage and trims malloc arenas, then measures. */
  public static Sample settledSample() {
    settle();
    return sample();
  }

  /** Measures without settling. */
  public static Sample sample() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long committed = memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
    long physical = Pointer.physicalBytes();
    long fileBacked = 0;
    long rss = physical;
    List<String> lines = status();
    for (String line : lines) {
      if (line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
        fileBacked += kilobytes(line);
      } else if (line.startsWith("VmRSS:")) {
        rss = kilobytes(line);
      }
    }
    return new Sample(physical, fileBacked, committed, rss);
  }

  /** {@code System.gc()} then {@link Pointer#trimMemory()}. */
  public static void settle() {
    System.gc();
    Pointer.trimMemory();
  }

  private static List<String> status() {
    if (!Files.isReadable(STATUS)) {
      return List.of();
    }
    try {
      return Files.readAllLines(STATUS);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + STATUS, e);
    }
  }

  private static long kilobytes(String line) {
    String digits = line.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Long.parseLong(digits) * 1024;
  }

  /** "12.3 MB" text for reports. */
  public static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
