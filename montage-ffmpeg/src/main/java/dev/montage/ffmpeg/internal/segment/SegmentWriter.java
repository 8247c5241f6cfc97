package dev.montage.ffmpeg.internal.segment;

import dev.montage.core.DamageResponse;
import dev.montage.core.OutputException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.compose.Canvas;
import dev.montage.ffmpeg.internal.compose.CanvasPool;
import dev.montage.ffmpeg.internal.compose.TextImage;
import dev.montage.ffmpeg.internal.compose.TransitionPainter;
import dev.montage.ffmpeg.internal.media.RenderGuard;
import dev.montage.ffmpeg.internal.plan.Caption;
import dev.montage.ffmpeg.internal.plan.Entrance;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.plan.SegmentPlan;
import dev.montage.ffmpeg.internal.read.AudioReader;
import dev.montage.ffmpeg.internal.read.ClipPicture;
import dev.montage.ffmpeg.internal.read.StillReader;
import dev.montage.ffmpeg.internal.read.TitleReader;
import dev.montage.ffmpeg.internal.read.VideoReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Renders one {@link SegmentPlan}: the video (no audio), through a {@link SegmentEncoder}, into the plan's video file and the
 * matching audio as raw interleaved s16le PCM into its audio file (none when the plan names no
 * audio file: smart-cut pieces, whose audio comes with the whole timeline's). Audio stays lossless
 * here and is encoded once over the whole timeline by the joiner, so AAC priming cannot accumulate.
 *
 * <p>Design: walks the plan's global frame range; at each frame the one or two clips showing have
 * a {@link VideoReader} (its own canvas) and an {@link AudioReader}, opened when the clip starts
 * and closed when it ends, so at most two clips hold native state at once whatever the batch.
 * One clip: its canvas is encoded as is. Two (a transition): the canvases are composed into the
 * segment's canvas by the {@link TransitionPainter}, and the audio mixed with complementary linear
 * gains (a dip: out, then in). Canvases (direct buffers,
 * freed only by the GC) come from the job's {@link CanvasPool} and go back to it.
 */
public final class SegmentWriter {

  private final CapturePool pool;
  private final CanvasPool canvases;
  private final RenderGuard guard;
  private final LongConsumer framesDone;
  /** The canvas transitions are composed on, taken at the first transition of the segment. */
  private @Nullable Canvas mixed;
  /** Each text over the montage drawn once, when it first shows in this segment. */
  private final java.util.Map<Caption, TextImage> texts = new java.util.HashMap<>();

  public SegmentWriter(CapturePool pool, CanvasPool canvases, RenderGuard guard, LongConsumer framesDone) {
    this.pool = pool;
    this.canvases = canvases;
    this.guard = guard;
    this.framesDone = framesDone;
  }

  /**
   * Renders {@code plan} into {@code files}, each frame within the stall {@code budget}, answering
   * damaged sources with {@code onDamage}; returns the damage reports of its clips (see
   * {@link VideoReader#damageReport}).
   */
  List<String> render(SegmentPlan plan, AttemptFiles files, java.time.Duration budget, DamageResponse onDamage) {
    OutputFormat format = plan.format();
    Path videoFile = files.video();
    Path audioFile = files.audio();
    RenderGuard.Watch watch = guard.watch(
        "segment " + plan.index(), plan.clips().get(0).clipIndex(), Path.of(plan.clips().get(0).source()), budget);
    List<Active> active = new ArrayList<>(2);
    List<String> damage = new ArrayList<>();

    int currentClip = plan.clips().get(0).clipIndex();
    SegmentEncoder video = SegmentEncoder.open(videoFile, format, plan.encoder(), currentClip);
    Throwable primary = null;
    boolean withAudio = files.hasAudio();
    Reading reading = new Reading(format, withAudio, onDamage);
    try (@Nullable FileChannel pcm = withAudio ? openPcm(audioFile, currentClip) : null) {
      int maxFrameSamples = (int) Math.ceil(format.sampleRate() / format.fps()) + 2;
      short[] mix = new short[maxFrameSamples * format.channels()];
      short[] scratch = new short[mix.length];
      ByteBuffer pcmBytes = withAudio
          ? ByteBuffer.allocateDirect(mix.length * 2).order(ByteOrder.LITTLE_ENDIAN) : ByteBuffer.allocate(0);
      int nextClip = 0;
      for (long frame = plan.firstFrame(); frame < plan.endFrame(); frame++) {
        guard.check(watch);
        retire(active, frame, canvases, damage);
        nextClip = admit(plan, frame, nextClip, active, reading);
        PlannedClip showing = active.get(active.size() - 1).clip();
        if (showing.clipIndex() != currentClip) {
          currentClip = showing.clipIndex();
          watch.on(currentClip, Path.of(showing.source()));
        }
        video.encode(withCaptions(picture(active, frame), frame, plan), currentClip);
        if (pcm != null) {
          int samples = (int) (format.sampleAt(frame + 1) - format.sampleAt(frame));
          mixAudio(active, format, frame, samples, mix, scratch);
          writePcm(pcm, pcmBytes, mix, samples * format.channels(), currentClip, audioFile);
        }
        framesDone.accept(1);
      }
      video.finish(currentClip);
      for (Active clip : active) {
        clip.video().damageReport().ifPresent(damage::add);
      }
    } catch (IOException e) {
      primary = OutputException.writeFailed(currentClip, audioFile, e);
      throw (OutputException) primary;
    } catch (RuntimeException | Error e) {
      primary = e;
      throw e;
    } finally {
      release(active, video, primary);
    }
    return damage;
  }

  /** Gives the canvases back and closes the clips still showing and the recorder, after {@code primary} if any. */
  private void release(List<Active> active, SegmentEncoder video, @Nullable Throwable primary) {
    for (Active clip : active) {
      canvases.give(clip.video().canvas());
    }
    Canvas blended = mixed;
    if (blended != null) {
      canvases.give(blended);
      mixed = null;
    }
    closeAll(active, video, primary);
  }

  /** Opens the clips that start showing at {@code frame}; returns the index of the next clip to come. */
  private int admit(SegmentPlan plan, long frame, int nextClip, List<Active> active, Reading reading) {
    int next = nextClip;
    while (next < plan.clips().size() && plan.clips().get(next).startFrame() <= frame) {
      PlannedClip clip = plan.clips().get(next++);
      if (clip.endFrame() > frame) {
        Canvas canvas = canvases.take();
        try {
          active.add(Active.open(pool, clip, frame, canvas, reading));
        } catch (RuntimeException e) {
          canvases.give(canvas);
          throw e;
        }
      }
    }
    if (active.isEmpty()) {
      throw new IllegalStateException("no clip covers frame " + frame + " of segment " + plan.index());
    }
    return next;
  }

  /** The picture of {@code frame}: the one clip showing, or the transition of two on the canvas kept for it. */
  private Canvas picture(List<Active> active, long frame) {
    if (active.size() == 1) {
      return active.get(0).video().frameAt(frame - active.get(0).clip().startFrame());
    }
    Active a = active.get(active.size() - 2);
    Active b = active.get(active.size() - 1);
    Canvas from = a.video().frameAt(frame - a.clip().startFrame());
    Canvas to = b.video().frameAt(frame - b.clip().startFrame());
    Canvas composed = mixedCanvas();
    TransitionPainter.paint(b.clip().entrance(), frame - b.clip().startFrame(), from, to, composed);
    return composed;
  }

  /** The segment's own canvas, for transitions and texts (never a clip's, which holds its last frame). */
  private Canvas mixedCanvas() {
    Canvas composed = mixed;
    if (composed == null) {
      composed = canvases.take();
      mixed = composed;
    }
    return composed;
  }

  /** {@code picture} with the texts showing at {@code frame} laid over it, on the segment's canvas. */
  private ByteBuffer withCaptions(Canvas picture, long frame, SegmentPlan plan) {
    Canvas target = null;
    for (Caption caption : plan.captions()) {
      if (caption.showsAt(frame)) {
        if (target == null) {
          target = mixedCanvas();
          if (target != picture) {
            target.copyFrom(picture);
          }
        }
        texts.computeIfAbsent(caption, text -> TextImage.of(text.text(), text.style(), picture.width(),
            picture.height())).drawOver(target);
      }
    }
    return (target == null ? picture : target).pixels();
  }

  private static void retire(List<Active> active, long frame, CanvasPool canvases, List<String> damage) {
    for (int i = active.size() - 1; i >= 0; i--) {
      if (active.get(i).clip().endFrame() <= frame) {
        Active done = active.remove(i);
        done.video().damageReport().ifPresent(damage::add);
        done.close();
        canvases.give(done.video().canvas());
      }
    }
  }

  private static void mixAudio(List<Active> active, OutputFormat format, long frame, int samples,
      short[] mix, short[] scratch) {
    int channels = format.channels();
    if (active.size() == 1) {
      Active only = active.get(0);
      only.audio().read(mix, 0, samples);
      only.clip().applyGain(mix, 0, samples * channels);
      return;
    }
    Active a = active.get(active.size() - 2);
    Active b = active.get(active.size() - 1);
    a.audio().read(mix, 0, samples);
    a.clip().applyGain(mix, 0, samples * channels);
    b.audio().read(scratch, 0, samples);
    b.clip().applyGain(scratch, 0, samples * channels);
    Entrance entrance = b.clip().entrance();
    long fadeStart = format.sampleAt(b.clip().startFrame());
    long fadeLength = Math.max(1, format.sampleAt(b.clip().startFrame() + entrance.frames()) - fadeStart);
    long first = format.sampleAt(frame);
    boolean dip = entrance.style().dips();
    for (int s = 0; s < samples; s++) {
      double progress = Math.min(1, Math.max(0, (first + s - fadeStart + 0.5) / fadeLength));
      // Linear crossfade; a dip fades the first clip out over the first half and the next in over the second.
      double gainA = dip ? Math.max(0, 1 - 2 * progress) : 1 - progress;
      double gainB = dip ? Math.max(0, 2 * progress - 1) : progress;
      for (int c = 0; c < channels; c++) {
        int i = s * channels + c;
        mix[i] = (short) Math.round(mix[i] * gainA + scratch[i] * gainB);
      }
    }
  }

  private static FileChannel openPcm(Path file, int clipIndex) {
    try {
      return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw OutputException.writeFailed(clipIndex, file, e);
    }
  }

  private static void writePcm(FileChannel pcm, ByteBuffer bytes, short[] samples, int count, int clipIndex, Path file) {
    bytes.clear();
    bytes.asShortBuffer().put(samples, 0, count);
    bytes.limit(count * 2);
    try {
      while (bytes.hasRemaining()) {
        pcm.write(bytes);
      }
    } catch (IOException e) {
      throw OutputException.writeFailed(clipIndex, file, e);
    }
  }

  /** Closes readers, then the encoder; failures go onto {@code primary} when there is one. */
  private static void closeAll(List<Active> active, SegmentEncoder video, @Nullable Throwable primary) {
    RuntimeException first = null;
    for (int i = active.size() - 1; i >= 0; i--) {
      try {
        active.get(i).close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    active.clear();
    try {
      video.close();
    } catch (RuntimeException e) {
      if (first == null) {
        first = e;
      } else {
        first.addSuppressed(e);
      }
    }
    if (first != null && primary != null) {
      primary.addSuppressed(first);
    } else if (first != null) {
      throw first;
    }
  }

  /** How a segment reads its clips: the output format, whether it needs audio, what damage does. */
  private record Reading(OutputFormat format, boolean withAudio, DamageResponse onDamage) {}

  /** A clip showing now: its video and audio readers. */
  private record Active(PlannedClip clip, ClipPicture video, AudioReader audio) implements AutoCloseable {

    static Active open(CapturePool pool, PlannedClip clip, long frame, Canvas canvas, Reading reading) {
      OutputFormat format = reading.format();
      long local = frame - clip.startFrame();
      Caption title = clip.title();
      ClipPicture video = title != null ? TitleReader.open(title, canvas)
          : clip.still() ? StillReader.open(pool, clip, canvas)
          : VideoReader.open(pool, clip, format, local, canvas, reading.onDamage());
      try {
        long startMicros = clip.inMicros() + Math.round(
            (format.sampleAt(frame) - format.sampleAt(clip.startFrame())) * 1e6 * clip.speed() / format.sampleRate());
        AudioReader audio = AudioReader.open(pool, clip.clipIndex(), Path.of(clip.source()),
            reading.withAudio() && clip.audible(),
            startMicros, format).stretched(clip.speed());
        return new Active(clip, video, audio);
      } catch (RuntimeException e) {
        video.close();
        throw e;
      }
    }

    @Override
    public void close() {
      try {
        audio.close();
      } finally {
        video.close();
      }
    }
  }
}
