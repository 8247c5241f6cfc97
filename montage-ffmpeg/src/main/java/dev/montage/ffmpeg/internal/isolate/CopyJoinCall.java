package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.VideoCodec;
import dev.montage.core.spi.SegmentEnvironment;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.output.CopyJoin;
import dev.montage.ffmpeg.internal.output.JoinedOutput;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.Piece;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.worker.IsolatedCall;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Joining a stream copy or a smart cut in a worker process, so that with isolation the host reads
 * no source even to copy it: the worker reads the sources' packets (and decodes their sound where it
 * is not copied), writes the output's part file and reads it back ({@link CopyJoin},
 * {@link JoinedOutput}); the host only moves the file into place. Its progress is the packets copied.
 *
 * @param spec the copy's join
 * @param file the part file to write (beside the output)
 * @param container FFmpeg's muxer
 * @param codec the video codec the file must hold
 * @param budget the join's time budget
 * @param stepBudget a step's time budget (decoding the sound)
 * @param readers sources the worker keeps open at once (every source a copy reads, as in process)
 * @param decoding how to open the sources (the job's sandbox included)
 */
public record CopyJoinCall(CopyJoin.Spec spec, String file, String container, VideoCodec codec, Duration budget,
    Duration stepBudget, int readers, Decoding decoding) implements IsolatedCall {

  private static final long serialVersionUID = 1L;

  /** Writes the file; returns the audio decision that held. */
  @Override
  public Serializable call(SegmentEnvironment environment) {
    Path workDir = environment.workDir();
    try (CapturePool pool = new CapturePool(readers, CapturePool.DEFAULT_WAIT, Duration.ZERO, System::nanoTime,
        decoding)) {
      JoinedOutput.Where where = new JoinedOutput.Where(pool, new RenderGuard(environment::cancelled,
          System::nanoTime), (prefix, suffix) -> workDir.resolve(prefix + "-" + UUID.randomUUID() + suffix));
      JoinedOutput.Parts parts = CopyJoin.parts(where, spec, workDir, stepBudget);
      return JoinedOutput.write(where, parts,
          new JoinedOutput.Target(Path.of(file), container, codec, budget, environment::framesDone));
    }
  }

  @Override
  public String what() {
    return "joining the copy";
  }

  /** The clip whose packets were being copied after {@code framesDone} packets (one per frame, roughly). */
  @Override
  public int clipAt(long framesDone) {
    long left = framesDone;
    int clip = -1;
    for (Piece piece : spec.plan().pieces()) {
      if (piece instanceof CopyPiece copy) {
        clip = copy.run().clipIndex();
        left -= copy.endFrame() - copy.firstFrame();
        if (left < 0) {
          break;
        }
      }
    }
    return clip;
  }

  @Override
  public @Nullable Path fileAt(long framesDone) {
    int clip = clipAt(framesDone);
    return spec.plan().clips().stream().filter(planned -> planned.clipIndex() == clip).findFirst()
        .map(PlannedClip::source).map(Path::of).orElse(null);
  }
}
