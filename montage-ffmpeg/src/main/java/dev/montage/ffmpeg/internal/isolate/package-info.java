/**
 * Crash isolation: segments, probes and the music bed run in a small pool of worker processes, so a
 * decoder that crashes on hostile media kills a worker, not the host. {@link
 * dev.montage.ffmpeg.internal.isolate.WorkerPool} keeps a job's (or, through {@link
 * dev.montage.ffmpeg.internal.isolate.SharedWorkerPools}, a host's) workers, retries a crashed call
 * once and fails typed; the calls it sends are the records here. Starting and talking to one worker
 * is the {@code worker} stage's.
 */
@NullMarked
package dev.montage.ffmpeg.internal.isolate;

import org.jspecify.annotations.NullMarked;
