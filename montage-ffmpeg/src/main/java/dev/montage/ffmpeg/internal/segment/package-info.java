/**
 * One segment rendered: each clip's video decoded from one seek and its audio resampled,
 * composed on a pooled canvas (fit, rotation, transitions), the video encoded with the chosen
 * encoder and the audio written as PCM for the joiner.
 */
@NullMarked
package dev.montage.ffmpeg.internal.segment;

import org.jspecify.annotations.NullMarked;
