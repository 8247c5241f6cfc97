/**
 * One clip's source read on the output grid: its picture ({@link dev.montage.ffmpeg.internal.read.VideoReader}
 * from one seek, or a {@link dev.montage.ffmpeg.internal.read.StillReader}) and its sound resampled
 * and, at another speed, time-stretched ({@link dev.montage.ffmpeg.internal.read.AudioReader}).
 */
@NullMarked
package dev.montage.ffmpeg.internal.read;

import org.jspecify.annotations.NullMarked;
