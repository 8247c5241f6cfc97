/**
 * The JavaCV/FFmpeg renderer: {@link dev.montage.ffmpeg.FfmpegRenderer} is registered as the
 * {@link dev.montage.core.spi.MontageRenderer} and found through {@link java.util.ServiceLoader};
 * {@link dev.montage.ffmpeg.FfmpegProbe} reports what the renderer sees in a file. Everything else
 * lives in the internal package.
 */
@NullMarked
package dev.montage.ffmpeg;

import org.jspecify.annotations.NullMarked;
