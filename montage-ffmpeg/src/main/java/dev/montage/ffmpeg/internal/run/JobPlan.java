package dev.montage.ffmpeg.internal.run;

import dev.montage.core.MediaInfo;
import dev.montage.core.VideoCodec;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyDecision;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.ResolvedClip;
import dev.montage.ffmpeg.internal.plan.TimelinePlanner.Timeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What planning a job decided, as data: its sources' facts, its clips resolved to source spans and
 * placed on the output's frames, whether its video is copied (and how) or why not, and the codec
 * and encoder of the output, and whether the sources' audio is copied. A render and {@code job.plan()} act on the same value.
 *
 * @param sources every source probed, by absolute path
 * @param clips the clips, in job order, in and out points checked against their sources
 * @param timeline where the clips sit on the output's frames, with their transitions and texts
 * @param copy the copy plan, or why the video is re-encoded
 * @param copiedInto the codec a copy was considered for; empty where the job never could be copied
 *     (copy turned off, texts over the montage, an output codec no copy keeps)
 * @param codec the output's video codec
 * @param encoder the encoder that runs: {@code copy} when nothing is encoded
 * @param path how the video is made: the segments encoded and the pieces copied
 * @param audio whether the sources' AAC is copied (and how), or why it is encoded
 * @param musicPcm the music bed decoded by a worker process (with isolation), or null: decoded when joined
 * @param warnings what choosing the codec and encoder could not honour
 */
record JobPlan(Map<Path, MediaInfo> sources, List<ResolvedClip> clips, Timeline timeline, CopyDecision copy,
    Optional<VideoCodec> copiedInto, VideoCodec codec, String encoder, VideoPath path, AudioCopy.Decision audio,
    @Nullable Path musicPcm, List<String> warnings) {

  JobPlan {
    sources = Map.copyOf(sources);
    clips = List.copyOf(clips);
    warnings = List.copyOf(warnings);
  }

  /** Bytes of the largest source: the unit of work of the join's steps may open and seek any. */
  long largestSourceBytes() {
    return sources.values().stream().mapToLong(MediaInfo::sizeBytes).max().orElse(0);
  }
}
