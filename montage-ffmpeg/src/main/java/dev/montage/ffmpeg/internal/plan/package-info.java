/**
 * Decisions about the output, from probed facts: the timeline of frames (no drift over 1000
 * clips), segments, whether and how a job is copied or smart-cut, and the sizing of workers and
 * memory. The values here ({@code SegmentPlan}, {@code VideoRun}) are what later stages execute.
 */
@NullMarked
package dev.montage.ffmpeg.internal.plan;

import org.jspecify.annotations.NullMarked;
