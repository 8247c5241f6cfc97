/**
 * Pictures composed at the output size: the pooled {@link dev.montage.ffmpeg.internal.compose.Canvas}
 * a decoded frame is drawn into (fitted, rotated), and the frames of transitions between two clips'
 * canvases. Pure Java over direct buffers: no native call.
 */
@NullMarked
package dev.montage.ffmpeg.internal.compose;

import org.jspecify.annotations.NullMarked;
