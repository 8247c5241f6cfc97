package dev.montage.ffmpeg.internal.isolate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.montage.core.VideoCodec;
import dev.montage.core.SourceAccess;
import dev.montage.ffmpeg.internal.audio.AudioCopy;
import dev.montage.ffmpeg.internal.audio.DuckingEnvelope;
import dev.montage.ffmpeg.internal.audio.EncodedAudio;
import dev.montage.ffmpeg.internal.capture.Decoding;
import dev.montage.ffmpeg.internal.output.CopyJoin;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPiece;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.CopyPlan;
import dev.montage.ffmpeg.internal.plan.CopyPlanner.EncodePiece;
import dev.montage.ffmpeg.internal.plan.Entrance;
import dev.montage.ffmpeg.internal.plan.Motion;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A copy's join as a worker receives it: whole after crossing, and a crash named by the clip being copied. */
class CopyJoinCallTest {

  static final OutputFormat FORMAT = new OutputFormat(160, 120, 30, 48_000, 2);

  /** Clip 0 copied (frames 0-30), clip 1 encoded 10 frames then copied 30, clip 2 copied 30. */
  static CopyJoinCall call() {
    List<PlannedClip> clips = List.of(clip(0, "a.mp4", 0, 30), clip(1, "b.mp4", 30, 40), clip(2, "c.mp4", 70, 30));
    CopyPlan plan = new CopyPlan(clips, List.of(
        new CopyPiece(new VideoRun(Path.of("a.mp4"), 0, 30, 0, 0), 30),
        new EncodePiece(1, 30, 40),
        new CopyPiece(new VideoRun(Path.of("b.mp4"), 10, 40, 40, 1), 70),
        new CopyPiece(new VideoRun(Path.of("c.mp4"), 0, 30, 70, 2), 100)), 100, null, 1, false);
    CopyJoin.Spec spec = new CopyJoin.Spec(plan, List.of(), AudioCopy.Decision.no("test"),
        CopyJoin.Sound.of(null, EncodedAudio.Codec.AAC, DuckingEnvelope.NONE, null, null), FORMAT);
    return new CopyJoinCall(spec, "/out/.x.part", "mp4", VideoCodec.H264, Duration.ofMinutes(1), Duration.ofMinutes(1),
        4, new Decoding(48_000, 2, 1, SourceAccess.LOCAL_FILES));
  }

  static PlannedClip clip(int index, String source, long start, long frames) {
    return new PlannedClip(index, source, 0, start, frames, 0, 160, 120, true, 30, 10_000_000, 1, 1, Entrance.CUT,
        false, Motion.WHOLE, null);
  }

  @Test
  void aCrash_isNamedByTheClipWhosePacketsWereBeingCopied() {
    CopyJoinCall call = call();
    assertEquals(0, call.clipAt(0));
    assertEquals(0, call.clipAt(29));
    assertEquals(1, call.clipAt(30), "clip 1's encoded piece is no source's packets: its copy comes next");
    assertEquals(1, call.clipAt(59));
    assertEquals(2, call.clipAt(60));
    assertEquals(2, call.clipAt(10_000), "past the count (audio packets count too): the last copied clip");
    assertEquals(Path.of("b.mp4"), call.fileAt(45));
  }

  /**
   * Steps that copy no packet (decoding the sound, a remux, the read-back) still tell the host the
   * worker lives, once a second at most, through the guard's stop check; a cancellation still stops.
   */
  @Test
  void theGuardsStopCheck_isASignOfLife_onceASecond() {
    List<Long> told = new java.util.ArrayList<>();
    boolean[] cancelled = {false};
    dev.montage.core.spi.SegmentEnvironment environment = new dev.montage.core.spi.SegmentEnvironment() {
      @Override
      public Path workDir() {
        return Path.of("/work");
      }

      @Override
      public void framesDone(long frames) {
        told.add(frames);
      }

      @Override
      public boolean cancelled() {
        return cancelled[0];
      }

      @Override
      public <T extends AutoCloseable> T shared(Class<T> type, java.util.function.Supplier<? extends T> create) {
        throw new UnsupportedOperationException();
      }
    };
    long[] now = {0};
    java.util.function.BooleanSupplier stop = CopyJoinCall.signOfLife(environment, () -> now[0]);
    now[0] = 500_000_000L;
    assertEquals(false, stop.getAsBoolean());
    assertEquals(List.of(), told, "half a second: nothing yet");
    now[0] = 1_200_000_000L;
    stop.getAsBoolean();
    stop.getAsBoolean();
    assertEquals(List.of(0L), told, "after a second: one sign of life, no progress");
    cancelled[0] = true;
    assertEquals(true, stop.getAsBoolean());
  }

  /** A crash while reading a copy's facts is named by the clip being read: video first, then audio. */
  @Test
  void copyFacts_nameTheClipBeingRead() {
    List<dev.montage.ffmpeg.internal.probe.KeyframeIndex.ClipSpan> spans = List.of(
        new dev.montage.ffmpeg.internal.probe.KeyframeIndex.ClipSpan(0, "a.mp4", 0, 1),
        new dev.montage.ffmpeg.internal.probe.KeyframeIndex.ClipSpan(4, "e.mp4", 0, 1));
    CopyFactsCall call = new CopyFactsCall(spans, null, 30, List.of(spans.get(1)),
        new Decoding(48_000, 2, 1, SourceAccess.LOCAL_FILES));
    assertEquals(0, call.clipAt(0));
    assertEquals(4, call.clipAt(1));
    assertEquals(Path.of("e.mp4"), call.fileAt(2), "then the audio of clip 4");
    assertEquals(4, call.clipAt(99));
  }

  @Test
  void theCall_crossesToAWorkerWhole() throws Exception {
    CopyJoinCall call = call();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(call);
    }
    CopyJoinCall crossed;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      crossed = (CopyJoinCall) in.readObject();
    }
    assertEquals(call.spec().plan().pieces().toString(), crossed.spec().plan().pieces().toString());
    assertEquals(call.spec().sound(), crossed.spec().sound());
    assertEquals(Path.of("c.mp4"), ((CopyPiece) crossed.spec().plan().pieces().get(3)).run().file());
    assertEquals(call.file(), crossed.file());
  }
}
