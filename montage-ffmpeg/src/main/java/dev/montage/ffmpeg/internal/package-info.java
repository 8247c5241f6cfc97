/**
 * Implementation of the FFmpeg renderer: the native-handle ledger, the capture pool, the temp
 * scope, probing, timeline planning, segment writing, joining and audio. Not API; may change
 * without notice.
 */
@NullMarked
package dev.montage.ffmpeg.internal;

import org.jspecify.annotations.NullMarked;
