package dev.montage.ffmpeg.internal.run;

import dev.montage.core.RenderResult.RenderMode;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.execute.ProgressTracker;
import dev.montage.ffmpeg.internal.output.JoinedOutput;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * What a {@link VideoPath} hands to the render's one tail (write the part file, move it into place,
 * result): how its output file is written, and what to report.
 *
 * @param write writes and reads back the output into a target, returning the audio decision that
 *     held: {@link dev.montage.ffmpeg.internal.output.JoinedOutput} here, or with isolation a
 *     copy's join in a worker process
 * @param totalFrames frames of the output
 * @param segments segments the work was split into
 * @param encoder the video encoder reported ({@code copy} when nothing was encoded)
 * @param mode how the video was made
 * @param warnings settings the encoder could not honour
 * @param progress the run's progress
 * @param budget the time budget of the join
 */
record JoinInput(Function<JoinedOutput.Target, AudioCopy.Decision> write, long totalFrames, int segments,
    String encoder, RenderMode mode, List<String> warnings, ProgressTracker progress, Duration budget) {}
