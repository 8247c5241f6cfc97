/**
 * The GPL switch: an artifact with no code of its own that brings {@code montage-ffmpeg} with FFmpeg's
 * GPL build (libx264, libx265) instead of the LGPL one. A host application opts in by depending on
 * {@code dev.montage:montage-ffmpeg-gpl} in place of {@code dev.montage:montage-ffmpeg}; Montage then
 * encodes H.264 with libx264 and reports it in {@code RenderResult.videoEncoder()}.
 */
@NullMarked
package dev.montage.ffmpeg.gpl;

import org.jspecify.annotations.NullMarked;
