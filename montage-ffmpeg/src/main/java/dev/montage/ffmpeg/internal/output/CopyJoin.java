package dev.montage.ffmpeg.internal.output;

import dev.montage.core.LoudnessTarget;
import dev.montage.core.MusicBed;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.audio.DuckingEnvelope;
import dev.montage.ffmpeg.internal.audio.EncodedAudio;
import dev.montage.ffmpeg.internal.audio.TimelineAudio;
import dev.montage.ffmpeg.internal.join.AudioSource;
import dev.montage.ffmpeg.internal.join.SegmentJoiner.VideoTemplate;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPlan;
import dev.montage.ffmpeg.internal.plan.SegmentPlan;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SmartCut;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a stream copy or a smart cut joins, from its plan: the copied runs (and the encoded pieces
 * between them), the output's parameter sets (read from the sources and the pieces), and the sound
 * (the sources' AAC copied, or the timeline decoded and encoded). Everything it needs is a
 * {@link Spec}, a value, so the same code joins in process and, with isolation, in a worker
 * process: the host then reads no source, not even to copy it.
 */
public final class CopyJoin {

  private CopyJoin() {}

  /**
   * A copy's join as a value.
   *
   * @param plan the copy plan
   * @param encoded a smart cut's encoded pieces as segments, rendered into the work dir; empty for a
   *     stream copy
   * @param audio whether the sources' AAC is copied, and why
   * @param sound how the audio is encoded where it is not copied
   * @param format the output format
   */
  public record Spec(CopyPlan plan, List<SegmentPlan> encoded, AudioCopy.Decision audio, Sound sound,
      OutputFormat format) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Spec {
      encoded = List.copyOf(encoded);
    }
  }

  /**
   * The encoded audio's settings as a value ({@link EncodedAudio} but the timeline's PCM, which the
   * join decodes when it needs it).
   *
   * @param music the music bed, or {@code null}
   * @param codec the audio codec encoded
   * @param ducking where the music drops under the clips' own sound
   * @param loudness the loudness the mix is normalised to, or {@code null}
   * @param musicPcm the music bed decoded by a worker process, or {@code null} to decode it where it is mixed
   */
  public record Sound(@Nullable Music music, EncodedAudio.Codec codec, DuckingEnvelope ducking,
      @Nullable Loudness loudness, @Nullable String musicPcm) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The settings of {@code music}, {@code loudness} and {@code musicPcm} as values. */
    public static Sound of(@Nullable MusicBed music, EncodedAudio.Codec codec, DuckingEnvelope ducking,
        @Nullable LoudnessTarget loudness, @Nullable Path musicPcm) {
      return new Sound(music == null ? null : new Music(music.source().toString(), music.volume(), music.fadeIn(),
          music.fadeOut(), music.duckingDb()), codec, ducking,
          loudness == null ? null : new Loudness(loudness.integratedLufs(), loudness.truePeakDbtp()),
          musicPcm == null ? null : musicPcm.toString());
    }

    /** The encoded audio of {@code pcm}, the timeline's sound. */
    EncodedAudio encoded(Path pcm) {
      Music bed = music;
      Loudness target = loudness;
      String decodedBed = musicPcm;
      return new EncodedAudio(List.of(pcm), bed == null ? null : bed.bed(), codec, ducking,
          target == null ? null : new LoudnessTarget(target.integratedLufs(), target.truePeakDbtp()),
          decodedBed == null ? null : Path.of(decodedBed));
    }
  }

  /** A {@link MusicBed} as a value. */
  public record Music(String source, double volume, Duration fadeIn, Duration fadeOut, double duckingDb)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    MusicBed bed() {
      return new MusicBed(Path.of(source), volume, fadeIn, fadeOut, duckingDb);
    }
  }

  /** A {@link LoudnessTarget} as a value. */
  public record Loudness(double integratedLufs, double truePeakDbtp) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The parts {@code spec} joins, a smart cut's pieces found in {@code workDir}; the timeline's sound
   * is decoded (within {@code budget}) only if the join asks for it.
   */
  public static JoinedOutput.Parts parts(JoinedOutput.Where where, Spec spec, Path workDir, Duration budget) {
    return spec.encoded().isEmpty() ? streamCopy(where, spec, budget) : smartCut(where, spec, workDir, budget);
  }

  /** The copied pieces as they are. */
  private static JoinedOutput.Parts streamCopy(JoinedOutput.Where where, Spec spec, Duration budget) {
    CopyPlan plan = spec.plan();
    List<VideoRun> runs = copiedRuns(plan);
    // Sources from several encoders: the output's H.264 record holds all their parameter sets; HEVC
    // sources' sets are repeated in the stream where they change.
    VideoTemplate template = !plan.joinsEncoders() ? null : plan.hevc()
        ? new VideoTemplate(runs.get(0).file(), runs.get(0).clipIndex(), null, true)
        : new VideoTemplate(runs.get(0).file(), runs.get(0).clipIndex(), plan.h264Config().bytes());
    return new JoinedOutput.Parts(runs, template, spec.audio(), () -> timelineAudio(where, spec, budget),
        spec.format(), plan.totalFrames());
  }

  /** The copied GOPs with the encoded pieces between them. */
  private static JoinedOutput.Parts smartCut(JoinedOutput.Where where, Spec spec, Path workDir, Duration budget) {
    CopyPlan plan = spec.plan();
    List<SegmentPlan> encoded = spec.encoded();
    VideoRun firstCopied = copiedRuns(plan).get(0);
    // One record holds the sources' and the pieces' sets (the pieces' renumbered); for HEVC without
    // free ids, the sources' record, and the joiner repeats the pieces' sets in the stream.
    SmartCut.HevcJoin hevc = plan.hevc() ? SmartCut.hevcJoin(where.pool(), plan, encoded, workDir) : null;
    VideoTemplate template = new VideoTemplate(firstCopied.file(), firstCopied.clipIndex(),
        hevc != null ? hevc.record() : SmartCut.mergedConfig(where.pool(), plan, encoded, workDir),
        hevc != null && hevc.remap() == null);
    return new JoinedOutput.Parts(SmartCut.runs(plan, encoded, workDir, hevc == null ? null : hevc.remap()),
        template, spec.audio(), () -> timelineAudio(where, spec, budget), spec.format(), plan.totalFrames());
  }

  /** The runs copied from the sources, in order. */
  public static List<VideoRun> copiedRuns(CopyPlan plan) {
    return plan.pieces().stream()
        .filter(CopyPiece.class::isInstance)
        .map(piece -> ((CopyPiece) piece).run())
        .toList();
  }

  /** The timeline's audio decoded to PCM, to be encoded by the joiner. */
  private static AudioSource timelineAudio(JoinedOutput.Where where, Spec spec, Duration budget) {
    Path pcm = where.temp().newFile("timeline", ".pcm");
    TimelineAudio.write(where.pool(), where.guard(), spec.plan().clips(), spec.format(), pcm, budget);
    return spec.sound().encoded(pcm);
  }
}
