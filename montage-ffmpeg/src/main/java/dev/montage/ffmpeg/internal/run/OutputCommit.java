package dev.montage.ffmpeg.internal.run;

import dev.montage.core.OutputException;
import dev.montage.core.OutputSpec;
import dev.montage.core.RenderResult;
import dev.montage.core.internal.TimelineFrames;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.join.AudioSource;
import dev.montage.ffmpeg.internal.join.Remuxer;
import dev.montage.ffmpeg.internal.join.SegmentJoiner;
import dev.montage.ffmpeg.internal.output.OutputVerifier;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one tail of every video path: join into a {@code .part} file beside the output (the sources'
 * audio copied first, encoded if it falls short), read it back, move it into place atomically,
 * report. Before anything renders, it checks that the output can be written at all.
 */
final class OutputCommit {

  private static final Logger LOG = LoggerFactory.getLogger(OutputCommit.class);
  /** The output's container duration may differ from the plan by AAC framing (one 1024-sample frame). */
  static final long VERIFY_TOLERANCE_MICROS = 100_000;

  private final OutputSpec output;
  private final RunContext run;

  OutputCommit(OutputSpec output, RunContext run) {
    this.output = output;
    this.run = run;
  }

  /** Fails before any work when {@code target} cannot be written: a missing or read-only directory, a directory. */
  static void checkOutputDir(Path target) {
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw OutputException.cannotWrite(target, null, "the directory " + dir + " does not exist; create it first");
    }
    if (!Files.isWritable(dir)) {
      throw OutputException.cannotWrite(target, null, "the directory " + dir + " is not writable");
    }
    if (Files.isDirectory(target)) {
      throw OutputException.cannotWrite(target, null, "it is a directory; name a file");
    }
  }

  /** Joins {@code input}, verifies it and moves it into place; the result says how it was made. */
  RenderResult finish(JoinInput input) {
    Path part = run.scope().register(partFile(run.target()));
    OutputFormat format = run.format();
    AudioCopy.Decision audio = input.audio();
    AudioCopy.Plan copied = audio.plan();
    if (copied != null) {
      try {
        joinInto(part, input, copied);
      } catch (AudioCopy.Shortfall e) {
        LOG.debug("copying audio failed, encoding it instead: {}", e.getMessage());
        deleteIfExists(part);
        audio = AudioCopy.Decision.no(String.valueOf(e.getMessage()));
      }
    }
    if (audio.plan() == null) {
      joinInto(part, input, input.encodedAudio().get());
    }
    long micros = Math.round(input.totalFrames() * 1e6 / format.fps());
    OutputVerifier.verify(run.pool(), part, run.plan().codec(), micros, VERIFY_TOLERANCE_MICROS + Math.round(2e6 / format.fps()), true);
    moveIntoPlace(part, run.target());
    run.scope().release(part);
    input.progress().finished();
    return new RenderResult(run.target(), TimelineFrames.duration(input.totalFrames(), format.fps()),
        input.totalFrames(), Duration.ofNanos(System.nanoTime() - run.startedNanos()), Math.max(1, input.segments()),
        input.encoder(), input.mode(), audio.outcome(format, PathRenderer.audioCodec(output)),
        PathRenderer.concat(run.plan().warnings(), input.warnings()));
  }

  /** Joins into {@code part}; Matroska goes through MP4 and a remux (see {@link Remuxer}). */
  private void joinInto(Path part, JoinInput input, AudioSource audio) {
    String container = containerFormat();
    SegmentJoiner joiner = new SegmentJoiner(run.pool(), run.guard());
    SegmentJoiner.Contents contents =
        new SegmentJoiner.Contents(input.runs(), input.template(), audio, run.format(), input.totalFrames());
    if (!container.equals("matroska") && !container.equals("webm")) {
      joiner.join(contents, container, part, input.budget(), input.progress()::add);
      return;
    }
    Path mp4 = run.scope().newFile("joined", ".mp4");
    joiner.join(contents, "mp4", mp4, input.budget(), input.progress()::add);
    Remuxer.remux(run.pool(), run.guard(), mp4, part, container, input.budget());
  }

  private String containerFormat() {
    return switch (output.container()) {
      case "mkv" -> "matroska";
      case "webm" -> "webm";
      case "mov" -> "mov";
      default -> "mp4";
    };
  }

  private static Path partFile(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".montage-"
        + UUID.randomUUID().toString().substring(0, 8) + ".part");
  }

  private static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw OutputException.writeFailed(-1, file, e);
    }
  }

  private static void moveIntoPlace(Path part, Path target) {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw OutputException.cannotWrite(target, e, "check permissions of the output directory");
    }
  }
}
