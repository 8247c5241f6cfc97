/**
 * The Spark executor's engine: the function a Spark task runs ({@code SegmentFunction}), the
 * environment a segment sees on an executor ({@code TaskEnvironment}), what a task hands back
 * ({@code Outcome}), the driver's side of one call ({@code SparkJob}) and source staging
 * ({@code SourceStaging}). Not API.
 */
@NullMarked
package dev.montage.spark.internal;

import org.jspecify.annotations.NullMarked;
