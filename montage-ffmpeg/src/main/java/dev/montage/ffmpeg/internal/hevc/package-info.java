/**
 * HEVC bitstream facts read without FFmpeg: the hvcC record's NAL length size and which packets
 * start with an IDR picture. Pure Java over bytes, below every stage beside {@code h264}.
 */
@NullMarked
package dev.montage.ffmpeg.internal.hevc;

import org.jspecify.annotations.NullMarked;
