/**
 * Montage's public API: describe a montage with {@link dev.montage.core.MontageBuilder}, render it
 * with {@link dev.montage.core.MontageJob#render(RunOptions)} (or {@code renderAsync}), the run's
 * progress, cancellation and executor given in {@link dev.montage.core.RunOptions}, and handle
 * failures through the typed
 * {@link dev.montage.core.MontageException} hierarchy. Jobs are immutable values; rendering is done
 * by a {@link dev.montage.core.spi.MontageRenderer} found on the class path (artifact
 * {@code dev.montage:montage-ffmpeg}).
 */
@NullMarked
package dev.montage.core;

import org.jspecify.annotations.NullMarked;
