package dev.montage.ffmpeg.internal.run;

import dev.montage.ffmpeg.internal.execute.StopSignal;
import dev.montage.ffmpeg.internal.execute.TempScope;

import dev.montage.core.policy.Hardware;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.nio.file.Path;

/**
 * What one render carries from stage to stage, so that no step takes it apart into a dozen
 * parameters: the output, its format and encoder, the machine and workers it is sized for, and the
 * scope, pool and guard it owns.
 *
 * @param target the output path
 * @param format the output format
 * @param codec the H.264 encoder this FFmpeg build has
 * @param workers segments that may render at once
 * @param hardware the machine sized for
 * @param scope the job's temp files
 * @param pool the job's grabbers (probing, planning, joining, reading back)
 * @param guard cancellation and stall checks
 * @param stop whether the job must stop: cancelled, or past its overall timeout
 * @param decodingMaxOpen the pool's open limit while frames are decoded
 * @param decodingMaxIdle the pool's idle limit while frames are decoded
 * @param startedNanos when the render started
 */
record RunContext(Path target, OutputFormat format, String codec, int workers, Hardware hardware, TempScope scope,
    CapturePool pool, RenderGuard guard, StopSignal stop, int decodingMaxOpen, int decodingMaxIdle,
    long startedNanos) {}
