package dev.montage.core.internal;

import dev.montage.core.policy.Hardware;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Detects {@link Hardware} once: CPUs, usable memory (cgroup or physical), NVIDIA GPU. */
public final class HardwareDetector {

  private static final Logger LOG = LoggerFactory.getLogger(HardwareDetector.class);
  static final Duration GPU_PROBE_BOUND = Duration.ofSeconds(5);
  private static final long FALLBACK_MEMORY = 4L * 1024 * 1024 * 1024;

  private HardwareDetector() {}

  /** The detected hardware, computed on first call. */
  public static Hardware detected() {
    return Holder.HARDWARE;
  }

  private static final class Holder {
    static final Hardware HARDWARE = detect();
  }

  static Hardware detect() {
    int cpus = Math.max(1, Runtime.getRuntime().availableProcessors());
    long memory = usableMemory(physicalMemory(), cgroupLimit());
    return new Hardware(cpus, memory, gpuPresent(List.of("nvidia-smi", "-L"), GPU_PROBE_BOUND));
  }

  /** The smaller of physical memory and the cgroup limit, either of which may be unknown. */
  static long usableMemory(OptionalLong physical, OptionalLong cgroup) {
    long limit = Long.MAX_VALUE;
    if (physical.isPresent()) {
      limit = Math.min(limit, physical.getAsLong());
    }
    if (cgroup.isPresent()) {
      limit = Math.min(limit, cgroup.getAsLong());
    }
    return limit == Long.MAX_VALUE || limit < 1 ? FALLBACK_MEMORY : limit;
  }

  private static OptionalLong physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long total = os.getTotalMemorySize();
      return total > 0 ? OptionalLong.of(total) : OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  private static OptionalLong cgroupLimit() {
    OptionalLong v2 = readLimit(Path.of("/sys/fs/cgroup/memory.max"));
    return v2.isPresent() ? v2 : readLimit(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"));
  }

  /** Parses a cgroup memory limit file; "max" and absurdly large values mean no limit. */
  static OptionalLong parseLimit(String text) {
    String value = text.trim();
    if (value.isEmpty() || value.equals("max")) {
      return OptionalLong.empty();
    }
    try {
      long limit = Long.parseLong(value);
      // cgroup v1 reports "no limit" as a page-rounded Long.MAX_VALUE.
      return limit <= 0 || limit >= (1L << 60) ? OptionalLong.empty() : OptionalLong.of(limit);
    } catch (NumberFormatException e) {
      LOG.warn("unreadable cgroup memory limit '{}': {}", value, e.getMessage());
      return OptionalLong.empty();
    }
  }

  private static OptionalLong readLimit(Path file) {
    try {
      return parseLimit(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      LOG.debug("cannot read cgroup memory limit {}: {}", file, e.toString());
      return OptionalLong.empty();
    }
  }

  /**
   * Runs {@code command} (nvidia-smi) within {@code bound}; true when it exits 0. Each failure is
   * handled on its own: a missing binary is normal (debug), a hang is suspicious (warn), anything
   * else is a real fault (error with cause).
   */
  static boolean gpuPresent(List<String> command, Duration bound) {
    Process process;
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      if (isMissingBinary(e)) {
        LOG.debug("no GPU: {} not found", command.get(0));
      } else {
        LOG.warn("GPU detection failed to start {}; assuming no GPU", command.get(0), e);
      }
      return false;
    }
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("GPU detection timed out after {} ms; assuming no GPU", bound.toMillis());
        process.destroyForcibly();
        return false;
      }
      int exit = process.exitValue();
      if (exit != 0) {
        // A driver without a usable GPU (a VM, a container without devices) exits non-zero: an
        // ordinary machine, not a fault.
        LOG.info("GPU detection: {} exited with {}; assuming no GPU", command.get(0), exit);
        return false;
      }
      return true;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      LOG.warn("GPU detection interrupted; assuming no GPU");
      return false;
    }
  }

  private static boolean isMissingBinary(IOException e) {
    String text = String.valueOf(e.getMessage());
    return text.contains("error=2,") || text.contains("No such file");
  }
}
