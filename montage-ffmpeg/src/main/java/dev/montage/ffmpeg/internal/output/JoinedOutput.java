package dev.montage.ffmpeg.internal.output;

import dev.montage.core.OutputException;
import dev.montage.core.VideoCodec;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.join.AudioSource;
import dev.montage.ffmpeg.internal.join.Remuxer;
import dev.montage.ffmpeg.internal.join.SegmentJoiner;
import dev.montage.ffmpeg.internal.join.SegmentJoiner.VideoTemplate;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output file of every video path, joined and read back before it is trusted: the video runs
 * with the sources' audio copied first (encoded instead where copying falls short), Matroska and
 * WebM through MP4 and a remux, then checked for codec, audio and length ({@link OutputVerifier}).
 * The run moves it into place; with isolation a copy's is written by a worker process
 * ({@link CopyJoin}).
 */
public final class JoinedOutput {

  private static final Logger LOG = LoggerFactory.getLogger(JoinedOutput.class);
  /** The output's container duration may differ from the plan by AAC framing (one 1024-sample frame). */
  static final long VERIFY_TOLERANCE_MICROS = 100_000;

  private JoinedOutput() {}

  /** Where the join works: the pool it reads with, the guard it answers to, and its temp files. */
  public record Where(CapturePool pool, RenderGuard guard, TempFiles temp) {}

  /** Makes a new temp file in the job's work dir (a remux's MP4, the timeline's PCM). */
  @FunctionalInterface
  public interface TempFiles {
    /** A new file named with {@code prefix} and {@code suffix}, not yet created. */
    Path newFile(String prefix, String suffix);
  }

  /**
   * What is joined.
   *
   * @param runs the video to copy into the output, in order
   * @param template the output's video stream parameters, or {@code null} for the first run's
   * @param audio whether the sources' AAC is copied (and the copy), and why
   * @param encodedAudio the encoded audio, made on demand: when nothing is copied, or copying fell short
   * @param format the output format
   * @param totalFrames frames of the output
   */
  public record Parts(List<VideoRun> runs, @Nullable VideoTemplate template, AudioCopy.Decision audio,
      Supplier<AudioSource> encodedAudio, OutputFormat format, long totalFrames) {}

  /**
   * Where it goes.
   *
   * @param file the file written (the output's hidden part file)
   * @param container FFmpeg's muxer: {@code mp4}, {@code mov}, {@code matroska} or {@code webm}
   * @param codec the video codec the file must hold
   * @param budget the time budget of the join
   * @param progress told about every packet copied from a source
   */
  public record Target(Path file, String container, VideoCodec codec, Duration budget, LongConsumer progress) {}

  /**
   * Writes {@code parts} into {@code target} and reads it back; returns the audio decision that held
   * (a copy that fell short is encoded instead, and says why).
   *
   * @throws dev.montage.core.EncodingException when what was written is not what was planned
   */
  public static AudioCopy.Decision write(Where where, Parts parts, Target target) {
    AudioCopy.Decision audio = parts.audio();
    AudioCopy.Plan copied = audio.plan();
    if (copied != null) {
      try {
        join(where, parts, target, copied);
      } catch (AudioCopy.Shortfall e) {
        LOG.debug("copying audio failed, encoding it instead: {}", e.getMessage());
        deleteIfExists(target.file());
        audio = AudioCopy.Decision.no(String.valueOf(e.getMessage()));
      }
    }
    if (audio.plan() == null) {
      join(where, parts, target, parts.encodedAudio().get());
    }
    OutputFormat format = parts.format();
    long micros = Math.round(parts.totalFrames() * 1e6 / format.fps());
    OutputVerifier.verify(where.pool(), target.file(), target.codec(), micros,
        VERIFY_TOLERANCE_MICROS + Math.round(2e6 / format.fps()), true);
    return audio;
  }

  /** Joins into the target; Matroska goes through MP4 and a remux (see {@link Remuxer}). */
  private static void join(Where where, Parts parts, Target target, AudioSource audio) {
    SegmentJoiner joiner = new SegmentJoiner(where.pool(), where.guard());
    SegmentJoiner.Contents contents =
        new SegmentJoiner.Contents(parts.runs(), parts.template(), audio, parts.format(), parts.totalFrames());
    String container = target.container();
    if (!container.equals("matroska") && !container.equals("webm")) {
      joiner.join(contents, container, target.file(), target.budget(), target.progress());
      return;
    }
    Path mp4 = where.temp().newFile("joined", ".mp4");
    joiner.join(contents, "mp4", mp4, target.budget(), target.progress());
    Remuxer.remux(where.pool(), where.guard(), mp4, target.file(), container, target.budget());
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw OutputException.writeFailed(-1, file, e);
    }
  }
}
