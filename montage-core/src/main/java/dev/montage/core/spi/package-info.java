/**
 * Service-provider interfaces: {@link dev.montage.core.spi.MontageRenderer} (found through
 * {@link java.util.ServiceLoader}), {@link dev.montage.core.spi.SegmentExecutor} (where the
 * portable {@link dev.montage.core.spi.SegmentTask}s of a render run, in this process or others) and {@link dev.montage.core.spi.ResourceLedger} (the live native handles, for leak checks).
 * Implemented by {@code montage-ffmpeg}; read by {@code montage-testkit}.
 */
@NullMarked
package dev.montage.core.spi;

import org.jspecify.annotations.NullMarked;
