/**
 * Implementation of the FFmpeg renderer, one subpackage per stage, data flowing one way:
 * {@code media} and {@code capture} beneath everything, then {@code probe} (source facts),
 * {@code plan} (timeline, segments, copy decisions), {@code segment} (decode, compose, encode),
 * {@code join} (packets and audio into one file), {@code audio} (what the joiner writes as sound),
 * {@code output} (read-back) and {@code run} (the job's sequence). No stage imports a later one.
 * Not API; may change without notice.
 */
@NullMarked
package dev.montage.ffmpeg.internal;

import org.jspecify.annotations.NullMarked;
