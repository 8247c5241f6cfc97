/**
 * H.264 bitstream facts read and written without FFmpeg: the avcC record, parameter sets, slice
 * headers. Pure Java over byte arrays, below every stage; what lets copied streams from different
 * encoders share one output stream.
 */
@NullMarked
package dev.montage.ffmpeg.internal.h264;

import org.jspecify.annotations.NullMarked;
