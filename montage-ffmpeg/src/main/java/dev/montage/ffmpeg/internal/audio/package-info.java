/**
 * The output's audio for the joiner: the segments' PCM mixed with the music bed and encoded to
 * AAC once, or AAC packets copied from the sources; and the timeline's PCM for copy jobs that must
 * encode their sound.
 */
@NullMarked
package dev.montage.ffmpeg.internal.audio;

import org.jspecify.annotations.NullMarked;
