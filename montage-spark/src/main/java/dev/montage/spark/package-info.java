/**
 * Renders a job's segments on Apache Spark: {@link dev.montage.spark.SparkSegmentExecutor} runs each
 * portable segment task as one Spark task, on executors that share a work directory with the driver.
 * The joiner then runs on the driver from that shared directory, as with the local executor.
 * Failures reach the caller as the {@link dev.montage.core.MontageException} a segment threw, or as a
 * {@link dev.montage.spark.SparkRenderException} when the cluster itself failed.
 */
@NullMarked
package dev.montage.spark;

import org.jspecify.annotations.NullMarked;
