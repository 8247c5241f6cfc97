package dev.montage.ffmpeg.internal.run;

import dev.montage.ffmpeg.internal.execute.ProgressTracker;

import dev.montage.core.RenderResult.RenderMode;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.join.AudioSource;
import dev.montage.ffmpeg.internal.join.SegmentJoiner.VideoTemplate;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link VideoPath} hands to the render's one tail (join, remux, read back, move into place,
 * result): the output's video, its audio, and what to report.
 *
 * @param runs the video to copy into the output, in order
 * @param template the output's video stream parameters, or {@code null} for the first run's
 * @param audio whether the sources' AAC is copied (and the copy), and why
 * @param encodedAudio the encoded audio, made on demand: when nothing is copied, or copying fell short
 * @param totalFrames frames of the output
 * @param segments segments the work was split into
 * @param encoder the video encoder reported ({@code copy} when nothing was encoded)
 * @param mode how the video was made
 * @param warnings settings the encoder could not honour
 * @param progress the run's progress
 * @param budget the time budget of the join
 */
record JoinInput(List<VideoRun> runs, @Nullable VideoTemplate template, AudioCopy.Decision audio,
    Supplier<AudioSource> encodedAudio, long totalFrames, int segments, String encoder, RenderMode mode,
    List<String> warnings, ProgressTracker progress, Duration budget) {}
