/**
 * FFmpeg-facing helpers every stage shares, with no pool and no plan: FFmpeg's errors and log
 * put into words ({@code FfmpegError}, {@code FfmpegLogTail}, {@code FfmpegLogging}), the typed
 * failures they become ({@code Failures}), a source's time zero, stream lookup, and the guard that turns stalls, cancellation and aborts into typed failures.
 */
@NullMarked
package dev.montage.ffmpeg.internal.media;

import org.jspecify.annotations.NullMarked;
