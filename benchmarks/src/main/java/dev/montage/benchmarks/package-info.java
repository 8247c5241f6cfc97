/**
 * Benchmarks of Montage: JMH micro-benchmarks of the per-frame paths and the policies, and
 * {@link dev.montage.benchmarks.WholeJob}, the runner the whole-job harness ({@code benchmarks/run.sh})
 * times against ffmpeg and melt. {@link dev.montage.benchmarks.BenchmarkBase} fixes warm-up,
 * iterations, forks and JVM flags for every JMH benchmark. Never deployed; results and the command
 * that reproduces them are in {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.montage.benchmarks;

import org.jspecify.annotations.NullMarked;
