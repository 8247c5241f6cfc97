package dev.montage.core.policy;

import dev.montage.core.internal.HardwareDetector;

/**
 * The machine the policies are applied to.
 *
 * @param cpus CPUs available to this process
 * @param memoryBytes memory this process may really use: the cgroup limit or physical memory,
 *     whichever is smaller
 * @param gpuAvailable whether an NVIDIA GPU answered {@code nvidia-smi}
 */
public record Hardware(int cpus, long memoryBytes, boolean gpuAvailable) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException when {@code cpus} or {@code memoryBytes} is below 1
   */
  public Hardware {
    if (cpus < 1) {
      throw new IllegalArgumentException("cpus must be >= 1 but was " + cpus);
    }
    if (memoryBytes < 1) {
      throw new IllegalArgumentException("memoryBytes must be >= 1 but was " + memoryBytes);
    }
  }

  /** Memory in GiB, as the batch policy takes it. */
  public double memoryGb() {
    return memoryBytes / (1024.0 * 1024 * 1024);
  }

  /** This machine, detected once per JVM (runs {@code nvidia-smi} with a bound on first use). */
  public static Hardware detect() {
    return HardwareDetector.detected();
  }
}
