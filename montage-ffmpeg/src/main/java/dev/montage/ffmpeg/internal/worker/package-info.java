/**
 * A worker process: a child JVM on the host's class path ({@link
 * dev.montage.ffmpeg.internal.worker.WorkerCommand}, {@link
 * dev.montage.ffmpeg.internal.worker.WorkerClassPath}) that runs {@link
 * dev.montage.ffmpeg.internal.worker.IsolatedCall}s one at a time for the host ({@link
 * dev.montage.ffmpeg.internal.worker.WorkerProcess}), in its own entry point ({@link
 * dev.montage.ffmpeg.internal.worker.WorkerMain}), through {@link
 * dev.montage.ffmpeg.internal.worker.WorkerProtocol}'s messages. What the calls are, and the pools
 * that keep workers, are the {@code isolate} stage's.
 */
@NullMarked
package dev.montage.ffmpeg.internal.worker;

import org.jspecify.annotations.NullMarked;
