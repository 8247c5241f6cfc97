/**
 * The output checked before it is trusted: read back for codec, audio and length.
 */
@NullMarked
package dev.montage.ffmpeg.internal.output;

import org.jspecify.annotations.NullMarked;
