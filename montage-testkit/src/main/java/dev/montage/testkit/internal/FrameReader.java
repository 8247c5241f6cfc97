package dev.montage.testkit.internal;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_0BGR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_0RGB;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_ABGR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_ARGB;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NV12;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_NV21;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB0;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV422P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.Frame;
import org.jspecify.annotations.Nullable;

/**
 * Reads what {@link FramePainter} drew back out of a decoded frame (8-bit, 1, 3 or 4 channels, such
 * as the grabber's default BGR24).
 *
 * <p>Design: first find the picture inside any black padding (letterbox or pillarbox), because the
 * painter never draws black outside the barcode band; then read each bar at its centre, averaged
 * over a small patch so compression noise does not flip it, and refuse ambiguous bars instead of
 * guessing.
 */
public final class FrameReader {

  /** Decoded 8-bit value above which a pixel is picture, not black padding. */
  private static final int PICTURE_THRESHOLD = 28;
  /** A bar at least this bright is a 1. */
  private static final int ONE_THRESHOLD = 160;
  /** A bar at most this bright is a 0; in between is unreadable. */
  private static final int ZERO_THRESHOLD = 96;
  /** Mean brightness above which the frame is a flash (gradient tops out near 205). */
  private static final int FLASH_THRESHOLD = 225;
  private static final int PROBES = 16;

  private final ByteBuffer image;
  private final int width;
  private final int height;
  private final int stride;
  private final int channels;
  private final int firstColour;

  private FrameReader(ByteBuffer image, int width, int height, int stride, int channels, int firstColour) {
    this.image = image;
    this.width = width;
    this.height = height;
    this.stride = stride;
    this.channels = channels;
    this.firstColour = firstColour;
  }

  /** A reader over {@code frame}'s picture, or {@code null} when it has none this reader handles. */
  static @Nullable FrameReader of(Frame frame) {
    if (frame.image == null || frame.image.length == 0 || !(frame.image[0] instanceof ByteBuffer)) {
      return null;
    }
    if (frame.imageDepth != Frame.DEPTH_UBYTE && frame.imageDepth != Frame.DEPTH_BYTE) {
      return null;
    }
    int format = frame.opaque instanceof AVFrame ? ((AVFrame) frame.opaque).format() : AV_PIX_FMT_NONE;
    int channels = format == AV_PIX_FMT_NONE ? frame.imageChannels : channels(format);
    int firstColour = alphaFirst(format) ? 1 : 0;
    if (channels != 1 && channels != 3 && channels != 4) {
      return null;
    }
    if (frame.imageWidth < FrameLayout.BITS || frame.imageHeight < 3 || frame.imageStride < frame.imageWidth * channels) {
      return null;
    }
    return new FrameReader((ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight,
        frame.imageStride, channels, firstColour);
  }

  /**
   * Bytes per pixel of the first plane. Grabbed frames carry their AVFrame, whose format is the
   * truth: JavaCV derives {@code imageChannels} as stride / width, which is wrong when it pads rows
   * (96 px BGR24 rows are padded to 384 bytes and reported as 4 channels). Planar YUV frames
   * (the grabber's RAW mode) are read through their luma plane.
   */
  private static int channels(int format) {
    if (format == AV_PIX_FMT_BGR24 || format == AV_PIX_FMT_RGB24) {
      return 3;
    }
    if (format == AV_PIX_FMT_BGRA || format == AV_PIX_FMT_RGBA || format == AV_PIX_FMT_BGR0
        || format == AV_PIX_FMT_RGB0 || alphaFirst(format)) {
      return 4;
    }
    if (format == AV_PIX_FMT_GRAY8 || format == AV_PIX_FMT_YUV420P || format == AV_PIX_FMT_YUVJ420P
        || format == AV_PIX_FMT_NV12 || format == AV_PIX_FMT_NV21 || format == AV_PIX_FMT_YUV422P
        || format == AV_PIX_FMT_YUV444P) {
      return 1;
    }
    return 0;
  }

  private static boolean alphaFirst(int format) {
    return format == AV_PIX_FMT_ARGB || format == AV_PIX_FMT_ABGR || format == AV_PIX_FMT_0RGB
        || format == AV_PIX_FMT_0BGR;
  }

  /** The barcode's frame index, or -1 when the frame has no readable barcode. */
  public static int frameIndex(Frame frame) {
    FrameReader reader = of(frame);
    return reader == null ? -1 : reader.frameIndex();
  }

  /** Whether the frame is a synthetic flash frame (white outside the barcode band). */
  public static boolean isFlash(Frame frame) {
    FrameReader reader = of(frame);
    return reader != null && reader.isFlash();
  }

  int frameIndex() {
    int[] box = pictureBox();
    if (box == null) {
      return -1;
    }
    int left = box[0];
    int pictureWidth = box[1] - box[0] + 1;
    int top = box[2];
    int pictureHeight = box[3] - box[2] + 1;
    if (pictureWidth < FrameLayout.BITS || pictureHeight < 3) {
      return -1;
    }
    int middle = top + pictureHeight / 2;
    int bandHeight = FrameLayout.bandBottom(pictureHeight) - FrameLayout.bandTop(pictureHeight);
    int rowReach = Math.min(2, bandHeight / 4);
    int code = 0;
    for (int bar = 0; bar < FrameLayout.BITS; bar++) {
      int start = left + FrameLayout.barStart(bar, pictureWidth);
      int end = left + FrameLayout.barStart(bar + 1, pictureWidth);
      int centre = (start + end) / 2;
      int reach = (end - start) / 4;
      long sum = 0;
      int count = 0;
      for (int y = middle - rowReach; y <= middle + rowReach; y++) {
        for (int x = centre - reach; x <= centre + reach; x++) {
          sum += brightness(x, y);
          count++;
        }
      }
      long mean = sum / count;
      if (mean >= ONE_THRESHOLD) {
        code = (code << 1) | 1;
      } else if (mean <= ZERO_THRESHOLD) {
        code = code << 1;
      } else {
        return -1;
      }
    }
    return code;
  }

  boolean isFlash() {
    int[] box = pictureBox();
    if (box == null) {
      return false;
    }
    int pictureHeight = box[3] - box[2] + 1;
    int[] rows = {box[2] + pictureHeight / 6, box[2] + pictureHeight * 5 / 6};
    int step = Math.max(1, (box[1] - box[0] + 1) / 64);
    long sum = 0;
    int count = 0;
    for (int y : rows) {
      for (int x = box[0]; x <= box[1]; x += step) {
        sum += brightness(x, y);
        count++;
      }
    }
    return count > 0 && sum / count >= FLASH_THRESHOLD;
  }

  /** {left, right, top, bottom} (inclusive) of the non-black picture, or null when all black. */
  private int @Nullable [] pictureBox() {
    int left = -1;
    int right = -1;
    for (int x = 0; x < width && left < 0; x++) {
      if (columnHasPicture(x)) {
        left = x;
      }
    }
    if (left < 0) {
      return null;
    }
    for (int x = width - 1; x >= left && right < 0; x--) {
      if (columnHasPicture(x)) {
        right = x;
      }
    }
    int top = -1;
    int bottom = -1;
    for (int y = 0; y < height && top < 0; y++) {
      if (rowHasPicture(y, left, right)) {
        top = y;
      }
    }
    for (int y = height - 1; y >= top && bottom < 0; y--) {
      if (rowHasPicture(y, left, right)) {
        bottom = y;
      }
    }
    return top < 0 ? null : new int[] {left, right, top, bottom};
  }

  private boolean columnHasPicture(int x) {
    for (int probe = 0; probe < PROBES; probe++) {
      int y = (int) ((probe + 0.5) * height / PROBES);
      if (brightness(x, y) > PICTURE_THRESHOLD) {
        return true;
      }
    }
    return false;
  }

  private boolean rowHasPicture(int y, int left, int right) {
    int span = right - left + 1;
    for (int probe = 0; probe < PROBES; probe++) {
      int x = left + (int) ((probe + 0.5) * span / PROBES);
      if (brightness(x, y) > PICTURE_THRESHOLD) {
        return true;
      }
    }
    return false;
  }

  /** Brightness 0-255 of one pixel; grey pictures make the channel order irrelevant. */
  private int brightness(int x, int y) {
    int at = y * stride + x * channels + firstColour;
    if (channels == 1) {
      return image.get(at) & 0xff;
    }
    return ((image.get(at) & 0xff) + (image.get(at + 1) & 0xff) + (image.get(at + 2) & 0xff)) / 3;
  }

  /**
   * Frequency in Hz of the dominant tone, from rising zero crossings with hysteresis (a crossing
   * counts only after the signal went below -10% of its peak), interpolated between samples. Uses
   * the first channel of interleaved samples. Returns 0 for silence or fewer than two crossings.
   */
  public static double toneFrequency(short[] samples, int channels, int sampleRate) {
    int peak = 0;
    for (int i = 0; i < samples.length; i += channels) {
      peak = Math.max(peak, Math.abs(samples[i]));
    }
    if (peak < 64) {
      return 0;
    }
    int hysteresis = peak / 10;
    boolean armed = false;
    double first = -1;
    double last = -1;
    int crossings = 0;
    for (int i = channels; i < samples.length; i += channels) {
      int previous = samples[i - channels];
      int current = samples[i];
      if (current < -hysteresis) {
        armed = true;
      } else if (armed && previous < 0 && current >= 0) {
        double at = (i - channels) / (double) channels + (double) -previous / (current - previous);
        if (first < 0) {
          first = at;
        }
        last = at;
        crossings++;
        armed = false;
      }
    }
    if (crossings < 2 || last <= first) {
      return 0;
    }
    return (crossings - 1) * sampleRate / (last - first);
  }
}
