/**
 * Crash isolation: segments and probes run in a small pool of child JVMs, so a decoder that
 * crashes on hostile media kills a worker process, not the host. {@link
 * dev.montage.ffmpeg.internal.isolate.WorkerPool} owns the children; {@link
 * dev.montage.ffmpeg.internal.isolate.WorkerMain} is a child's entry point; the messages between
 * them are {@link dev.montage.ffmpeg.internal.isolate.WorkerProtocol}.
 */
@NullMarked
package dev.montage.ffmpeg.internal.isolate;

import org.jspecify.annotations.NullMarked;
