/**
 * Source facts, read once per distinct source before anything is planned: size, rate,
 * rotation, codecs, length, and whether a first frame decodes.
 */
@NullMarked
package dev.montage.ffmpeg.internal.probe;

import org.jspecify.annotations.NullMarked;
