package dev.montage.ffmpeg.internal.worker;

import dev.montage.core.spi.SegmentEnvironment;
import java.io.Serializable;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A piece of work a child JVM does for the host (render a segment, probe a source): a value sent
 * to the child, run there with the child's own environment, and able to say which clip and file it
 * was on when a crash ended it.
 */
public interface IsolatedCall extends Serializable {

  /** Does the work in the child. */
  Serializable call(SegmentEnvironment environment);

  /** What the call does, for messages: {@code segment 3}, {@code probing}. */
  String what();

  /** The clip being worked on after {@code framesDone} frames, -1 when none. */
  int clipAt(long framesDone);

  /** The file being read after {@code framesDone} frames, null when none. */
  @Nullable Path fileAt(long framesDone);
}
