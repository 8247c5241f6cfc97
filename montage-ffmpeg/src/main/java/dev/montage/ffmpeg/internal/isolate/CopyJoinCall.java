package dev.montage.ffmpeg.internal.isolate;

import dev.montage.core.EncodingException;
import dev.montage.core.MontageException;
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
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
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
  private static final long SIGN_OF_LIFE_MILLIS = 1000;

  /** Writes the file; returns the audio decision that held. */
  @Override
  public Serializable call(SegmentEnvironment environment) {
    Path workDir = environment.workDir();
    try (CapturePool pool = new CapturePool(readers, CapturePool.DEFAULT_WAIT, CapturePool.DEFAULT_IDLE_TIMEOUT,
        System::nanoTime, decoding)) {
      JoinedOutput.Where where = new JoinedOutput.Where(pool, new RenderGuard(signOfLife(environment, System::nanoTime),
          System::nanoTime), (prefix, suffix) -> workDir.resolve(prefix + "-" + UUID.randomUUID() + suffix));
      JoinedOutput.Parts parts = CopyJoin.parts(where, spec, workDir, stepBudget);
      return JoinedOutput.write(where, parts,
          new JoinedOutput.Target(Path.of(file), container, codec, budget, environment::framesDone));
    } catch (MontageException e) {
      throw removingPart(e);
    } catch (RuntimeException e) {
      throw removingPart(EncodingException.failed(-1, Path.of(file), what(), e));
    }
  }

  /**
   * {@code failure}, the part file removed first: the host removes it too, but a host that exited
   * mid-join has already run its clean-up, and this worker would leave what it wrote after that.
   */
  private MontageException removingPart(MontageException failure) {
    try {
      Files.deleteIfExists(Path.of(file));
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /**
   * The guard's stop check, which also tells the host the worker lives (no progress, at most every
   * {@value #SIGN_OF_LIFE_MILLIS} ms): decoding the sound, a remux and the read-back copy no packet,
   * and the host's stall watch would take their silence for a hung worker.
   */
  static BooleanSupplier signOfLife(SegmentEnvironment environment, LongSupplier nanoTime) {
    long[] last = {nanoTime.getAsLong()};
    return () -> {
      long now = nanoTime.getAsLong();
      if (now - last[0] > SIGN_OF_LIFE_MILLIS * 1_000_000L) {
        last[0] = now;
        environment.framesDone(0);
      }
      return environment.cancelled();
    };
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
