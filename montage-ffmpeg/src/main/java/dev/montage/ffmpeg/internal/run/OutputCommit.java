package dev.montage.ffmpeg.internal.run;

import dev.montage.core.Clip;
import dev.montage.core.MontageJob;
import dev.montage.core.MusicBed;
import dev.montage.core.OutputException;
import dev.montage.core.OutputSpec;
import dev.montage.core.RenderResult;
import dev.montage.core.internal.TimelineFrames;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.output.JoinedOutput;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The one tail of every video path: its output written into a {@code .part} file beside the output
 * and read back ({@link JoinedOutput}, here or in a worker), moved into place atomically, reported. Before anything renders, it checks that the output can be written at all.
 */
final class OutputCommit {

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

  /**
   * Fails before any work when the output's directory entry is where one of the job's sources lives
   * (the source a link to it, or the same name in another case on a case-insensitive file system): the
   * move into place would replace that file. An output that is itself a link to a source, or another
   * hard link of it, is only a name the move replaces, and passes. {@code build()} compares the paths as
   * written; the job may have been built long before.
   */
  static void checkNotASource(Path target, MontageJob job) {
    if (!Files.exists(target)) {
      return;
    }
    List<Clip> clips = job.clips();
    for (int i = 0; i < clips.size(); i++) {
      if (clips.get(i).title() == null) {
        checkNotSame(target, clips.get(i).source(), "clip " + i + "'s source");
      }
    }
    MusicBed music = job.output().music();
    if (music != null) {
      checkNotSame(target, music.source(), "the music bed");
    }
  }

  private static void checkNotSame(Path target, Path source, String what) {
    try {
      // The output's own entry, its directories resolved but not a link it may be; the source's file.
      if (Files.exists(source) && source.toRealPath().equals(target.toRealPath(LinkOption.NOFOLLOW_LINKS))) {
        throw OutputException.cannotWrite(target, null, "it is the same file as " + what + " (" + source
            + "), which rendering would overwrite; choose another output path");
      }
    } catch (IOException e) {
      throw OutputException.cannotWrite(target, e, "cannot tell whether it is " + what + " (" + source + ")");
    }
  }

  /** Writes {@code input}'s output (joined and read back), moves it into place; the result says how it was made. */
  RenderResult finish(JoinInput input) {
    Path part = run.scope().register(partFile(run.target()));
    OutputFormat format = run.format();
    AudioCopy.Decision audio = input.write().apply(new JoinedOutput.Target(part, containerFormat(),
        run.plan().codec(), input.budget(), input.progress()::add));
    // The last report comes before the move: a listener that throws fails the render with nothing
    // under the output's name (the part file goes with the temp scope).
    input.progress().finished();
    // A cancellation up to here (from that listener, or a future completed from outside) still leaves nothing.
    run.guard().check(run.guard().watch("moving the output into place", -1, run.target(), input.budget()));
    moveIntoPlace(part, run.target());
    run.scope().release(part);
    return new RenderResult(run.target(), TimelineFrames.duration(input.totalFrames(), format.fps()),
        input.totalFrames(), Duration.ofNanos(System.nanoTime() - run.startedNanos()), Math.max(1, input.segments()),
        input.encoder(), input.mode(), audio.outcome(format, PathRenderer.audioCodec(output)),
        PathRenderer.concat(run.plan().warnings(), input.warnings()));
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

  private static void moveIntoPlace(Path part, Path target) {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw OutputException.cannotWrite(target, e, "check permissions of the output directory");
    }
  }
}
