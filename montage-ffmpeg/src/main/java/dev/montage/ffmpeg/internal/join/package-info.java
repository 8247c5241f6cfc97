/**
 * Segments and copied runs joined into one file: video packets copied with shifted
 * timestamps, audio written in step from an {@code AudioSource} the audio stage provides, and the
 * Matroska remux. The join stage owns the audio interfaces; it depends on no audio class.
 */
@NullMarked
package dev.montage.ffmpeg.internal.join;

import org.jspecify.annotations.NullMarked;
