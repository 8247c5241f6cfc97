package dev.montage.ffmpeg.internal.read;

import dev.montage.core.DamageResponse;
import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.capture.CapturePool;
import dev.montage.ffmpeg.internal.capture.GrabberLease;
import dev.montage.ffmpeg.internal.compose.Canvas;
import dev.montage.ffmpeg.internal.compose.StillImage;
import dev.montage.ffmpeg.internal.media.Failures;
import dev.montage.ffmpeg.internal.media.FfmpegError;
import dev.montage.ffmpeg.internal.media.FfmpegLogTail;
import dev.montage.ffmpeg.internal.media.SourceClock;
import dev.montage.ffmpeg.internal.plan.Motion;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.OutputFormat;
import dev.montage.ffmpeg.internal.plan.SegmentPlan.PlannedClip;
import dev.montage.ffmpeg.internal.probe.PacketCount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jspecify.annotations.Nullable;

/**
 * Delivers one clip's video on the output frame grid: seeks once to the first frame needed, then
 * decodes forward and shows, for each output frame, the latest source frame at or before its time
 * (frame-rate conversion by timestamps). FFmpeg scales to the fitted size while converting to
 * yuv420p; the frame is drawn into this reader's canvas before the next decode overwrites it. A
 * clip that pans and zooms is decoded larger (its deepest zoom's size, planned) and each frame is
 * loaded upright into one reused {@link StillImage}, from which every output frame draws the part
 * its {@link Motion} shows at that moment (so the crop moves smoothly even while a source frame is
 * held).
 *
 * <p>Damage: where no picture comes for longer than a frame inside the clip's span, the previous
 * frame is held. Such a gap is damage when the file has video packets inside it (they failed to
 * decode; {@link PacketCount} reads them without decoding, only at such gaps) or when the stream
 * ends before the clip's out point; a gap without packets is one long frame, as variable-frame-rate
 * recordings have, and stays silent. Damage is reported per clip ({@link #damageReport}) or, with
 * {@link DamageResponse#FAIL}, thrown where it is found.
 */
public final class VideoReader implements ClipPicture {

  /** Source frames this close to an output time count as at it (timestamp rounding). */
  private static final long SLACK_MICROS = 1_000;
  /** A source may end this much before a clip's out point (container durations are approximate). */
  private static final long END_TOLERANCE_MICROS = 500_000;
  /** A held last frame this short is timing noise (an audio track a little longer than the video). */
  private static final long END_HOLD_NOISE_MICROS = 100_000;

  private final CapturePool pool;
  private final DamageResponse onDamage;
  private final PlannedClip clip;
  private final OutputFormat format;
  private final GrabberLease lease;
  private final Canvas canvas;
  /** The latest frame upright, where the clip pans and zooms; null where frames go straight to the canvas. */
  private final @Nullable StillImage upright;
  private final Path source;
  /** The source's time zero in the grabber's frame timestamps (see {@link SourceClock}). */
  private final long zeroMicros;
  /** Where this clip's lines begin in FFmpeg's log on the reading thread. */
  private final FfmpegLogTail.Mark mark;
  private boolean pending;
  private long pendingMicros;
  /** Owned by the grabber: valid only until its next grab. */
  private @Nullable Frame pendingFrame;
  private boolean shown;
  private boolean ended;
  /** Whether the source was reopened at its start after a seek that found no frame. */
  private boolean rewound;
  private long lastMicros = -1;
  /** The latest output time asked for after the stream ended. */
  private long endTarget = -1;
  private long damagedMicros;
  private int damagedPlaces;
  private @Nullable String firstDamage;

  private VideoReader(CapturePool pool, DamageResponse onDamage, PlannedClip clip, OutputFormat format,
      GrabberLease lease, Canvas canvas) {
    this.pool = pool;
    this.onDamage = onDamage;
    this.clip = clip;
    this.mark = FfmpegLogTail.mark(); // from the seek on: what FFmpeg says about this clip
    this.format = format;
    this.lease = lease;
    this.canvas = canvas;
    this.upright = clip.motion().isWhole() ? null : new StillImage();
    this.source = Path.of(clip.source());
    this.zeroMicros = SourceClock.zeroMicros(lease.grabber());
  }

  /**
   * Opens the clip positioned for local frame {@code firstLocal}, drawing into {@code canvas}
   * (cleared here; the caller owns it and reuses it for later clips), answering damage with
   * {@code onDamage}.
   */
  public static VideoReader open(CapturePool pool, PlannedClip clip, OutputFormat format, long firstLocal, Canvas canvas,
      DamageResponse onDamage) {
    Path source = Path.of(clip.source());
    GrabberLease lease = pool.leaseSource(source, clip.clipIndex());
    canvas.clear();
    VideoReader reader = new VideoReader(pool, onDamage, clip, format, lease, canvas);
    try {
      FFmpegFrameGrabber grabber = lease.grabber();
      grabber.setImageWidth(clip.fitWidth());
      grabber.setImageHeight(clip.fitHeight());
      grabber.setVideoTimestamp(clip.sourceMicrosAt(firstLocal, format));
      return reader;
    } catch (FrameGrabber.Exception | RuntimeException e) {
      lease.discard();
      reader.close();
      throw e instanceof FrameGrabber.Exception fe ? Failures.source(clip.clipIndex(), source, fe, reader.mark)
          : (RuntimeException) e;
    }
  }

  PlannedClip clip() {
    return clip;
  }

  @Override
  public Canvas canvas() {
    return canvas;
  }

  @Override
  public Canvas frameAt(long local) {
    long target = clip.sourceMicrosAt(local, format);
    try {
      while (true) {
        if (!pending && !ended) {
          Frame frame = lease.grabber().grabImage();
          if (frame == null || frame.image == null) {
            ended = true;
          } else {
            pending = true;
            pendingMicros = frame.timestamp - zeroMicros;
            pendingFrame = frame;
          }
        }
        if (pending && (pendingMicros <= target + SLACK_MICROS || !shown)) {
          drawPending();
          continue;
        }
        break;
      }
    } catch (FrameGrabber.Exception e) {
      lease.discard();
      throw SourceMediaException.decodeFailed(clip.clipIndex(), source, FfmpegError.of(e, mark));
    }
    if (!shown && !rewound) {
      rewind();
      return frameAt(local);
    }
    if (!shown) {
      throw SourceMediaException.decodeFailed(clip.clipIndex(), source,
          FfmpegError.of(new IOException("no video frame at or after the in point"), mark));
    }
    if (ended) {
      endTarget = target;
      if (onDamage == DamageResponse.FAIL && endHold() > endHoldThreshold()) {
        throw SourceMediaException.damaged(clip.clipIndex(), source, endDamage());
      }
    }
    if (ended && target - lastMicros > END_TOLERANCE_MICROS + frameMicros()) {
      throw SourceMediaException.decodeFailed(clip.clipIndex(), source, FfmpegError.of(new IOException(String.format(
          Locale.ROOT, "video ends at %.3fs but the clip needs frames up to %.3fs",
          lastMicros / 1e6, target / 1e6)), mark));
    }
    StillImage picture = upright;
    if (picture != null) {
      picture.draw(canvas, clip.motion().at(local / (double) Math.max(1, clip.frameCount() - 1)));
    }
    return canvas;
  }

  /**
   * The seek found no frame at all: it landed past every keyframe before the target (MPEG-TS seeks
   * by bytes and can skip a file's only keyframe). Reopens the source at its start and decodes
   * forward instead, once.
   */
  private void rewind() {
    rewound = true;
    try {
      lease.grabber().restart();
    } catch (FrameGrabber.Exception e) {
      lease.discard();
      throw SourceMediaException.decodeFailed(clip.clipIndex(), source, FfmpegError.of(e, mark));
    }
    ended = false;
    pending = false;
    pendingFrame = null;
  }

  private void drawPending() {
    if (shown) {
      judgeGap(lastMicros, pendingMicros);
    }
    drawFrame(pendingFrame);
    pendingFrame = null;
    lastMicros = pendingMicros;
    pending = false;
    shown = true;
  }

  private void drawFrame(@Nullable Frame frame) {
    if (frame == null || frame.image == null) {
      throw new IllegalStateException("grabber lost its frame for clip " + clip.clipIndex());
    }
    ByteBuffer image = (ByteBuffer) frame.image[0];
    // JavaCV limits the buffer to the luma plane; the chroma planes follow it in the same buffer.
    image.limit(image.capacity());
    StillImage picture = upright;
    if (picture != null) {
      picture.load(image, frame.imageWidth, frame.imageHeight, frame.imageStride, clip.rotation());
    } else {
      canvas.draw(image, frame.imageWidth, frame.imageHeight, frame.imageStride, clip.rotation());
    }
  }

  /**
   * Judges the time from the frame shown at {@code lastShown} to the next at {@code next}: damage
   * when more than a frame of the clip's span is held there and the file has packets inside it.
   */
  private void judgeGap(long lastShown, long next) {
    long outputFrame = outputFrameMicros();
    long from = Math.max(lastShown + Math.max(frameMicros(), 1), clip.inMicros());
    long to = Math.min(next, spanEndMicros());
    if (to - from <= outputFrame) {
      return;
    }
    int packets = PacketCount.videoPacketsBetween(pool, source, clip.clipIndex(), lastShown + SLACK_MICROS,
        next - SLACK_MICROS);
    if (packets == 0) {
      return; // one long frame, as the file says: a variable frame rate, not damage
    }
    String damage = String.format(Locale.ROOT, "the video from %.3fs to %.3fs could not be decoded (%d packet%s"
        + " there failed to decode) and the frame at %.3fs was held for %.3fs of the clip",
        from / 1e6, to / 1e6, packets, packets == 1 ? "" : "s", lastShown / 1e6, (to - from) / 1e6);
    if (onDamage == DamageResponse.FAIL) {
      throw SourceMediaException.damaged(clip.clipIndex(), source, damage);
    }
    damagedMicros += to - from;
    damagedPlaces++;
    if (firstDamage == null) {
      firstDamage = damage;
    }
  }

  /** Where the clip's span ends in the source. */
  private long spanEndMicros() {
    return clip.sourceMicrosAt(clip.endFrame() - clip.startFrame(), format);
  }

  /** How long the last frame was held past its own time, once the stream ended. */
  private long endHold() {
    return endTarget < 0 ? 0 : endTarget + outputFrameMicros() - (lastMicros + frameMicros());
  }

  private long endHoldThreshold() {
    return Math.max(END_HOLD_NOISE_MICROS, outputFrameMicros());
  }

  private String endDamage() {
    return String.format(Locale.ROOT, "the video ends at %.3fs, before the clip's out point at %.3fs, and its last"
        + " frame was held for %.3fs", (lastMicros + frameMicros()) / 1e6, spanEndMicros() / 1e6, endHold() / 1e6);
  }

  /**
   * The damage this reader found, as one sentence naming the clip and file, when more than a frame
   * of its span was held in all; empty otherwise.
   */
  @Override
  public Optional<String> damageReport() {
    long held = damagedMicros;
    int places = damagedPlaces;
    @Nullable String first = firstDamage;
    if (endHold() > endHoldThreshold()) {
      held += endHold();
      places++;
      if (first == null) {
        first = endDamage();
      }
    }
    if (first == null) {
      return Optional.empty();
    }
    String more = places == 1 ? "" : String.format(Locale.ROOT, " (and %d more place%s: %.3fs held in all)",
        places - 1, places == 2 ? "" : "s", held / 1e6);
    return Optional.of("clip " + clip.clipIndex() + " (" + source + "): damaged source: " + first + more);
  }

  /** The source time one output frame of this clip covers: a frame at the output rate, its speed applied. */
  private long outputFrameMicros() {
    return clip.sourceMicrosAt(1, format) - clip.inMicros();
  }

  private long frameMicros() {
    return clip.sourceFps() > 0 ? Math.round(1e6 / clip.sourceFps()) : 0;
  }

  @Override
  public void close() {
    lease.close();
  }
}
