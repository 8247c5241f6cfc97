/**
 * HEVC bitstream facts and rewrites without FFmpeg: the hvcC record, which packets start with an
 * IDR picture, parameter set ids renumbered so that two encoders' sets share one record. Pure Java
 * over bytes, using {@code h264}'s bit reader, writer and RBSP escaping; below every other stage.
 */
@NullMarked
package dev.montage.ffmpeg.internal.hevc;

import org.jspecify.annotations.NullMarked;
