package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.OutputException;
import dev.montage.ffmpeg.internal.plan.SegmentPlan;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The files one attempt at a segment writes: its plan's names with an attempt suffix, moved onto
 * the plan's names only when the attempt succeeded, deleted when it failed. So a retried task, a
 * speculative duplicate on a cluster or a worker killed half-way never leaves a half-written file
 * under a name the joiner reads, and two attempts never write the same file.
 *
 * @param video where this attempt writes the segment's video
 * @param audio where this attempt writes its PCM; the video's name when the plan has no audio file
 * @param hasAudio whether the plan has an audio file
 */
record AttemptFiles(Path video, Path audio, boolean hasAudio) {

  /** Fresh attempt names for {@code plan}'s files in {@code workDir}. */
  static AttemptFiles of(SegmentPlan plan, Path workDir) {
    String attempt = ".attempt-" + UUID.randomUUID();
    Path video = plan.videoPath(workDir);
    Path attemptVideo = sibling(video, attempt);
    return plan.hasAudioFile()
        ? new AttemptFiles(attemptVideo, sibling(plan.audioPath(workDir), attempt), true)
        : new AttemptFiles(attemptVideo, attemptVideo, false);
  }

  /** Moves this attempt's files onto {@code plan}'s names, replacing what an earlier attempt left. */
  void commit(SegmentPlan plan, Path workDir) {
    int clip = plan.clips().get(0).clipIndex();
    move(video, plan.videoPath(workDir), clip);
    if (hasAudio) {
      move(audio, plan.audioPath(workDir), clip);
    }
  }

  /** Deletes this attempt's files; a failure to delete is added to {@code failure}. */
  void discard(Throwable failure) {
    delete(video, failure);
    if (hasAudio) {
      delete(audio, failure);
    }
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static void move(Path from, Path to, int clipIndex) {
    try {
      try {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw OutputException.writeFailed(clipIndex, to, e);
    }
  }

  private static void delete(Path file, Throwable failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
