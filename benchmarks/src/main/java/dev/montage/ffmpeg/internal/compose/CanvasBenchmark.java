package dev.montage.ffmpeg.internal.compose;

import dev.montage.benchmarks.BenchmarkBase;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-frame picture work of {@link Canvas}: drawing one decoded yuv420p frame into the output
 * canvas (once per output frame) and blending two canvases (once per crossfade frame). The source
 * is what {@code VideoReader} hands to {@code draw}: FFmpeg has already scaled it to the fitted
 * size, so an unrotated frame fills the canvas and a 90-degree one is pillarboxed; its luma stride
 * is padded to 64 bytes. At 30 fps a whole frame may take 33 ms, so read these times against that
 * budget and against x264's encode time per frame.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar CanvasBenchmark
 * java -jar benchmarks/target/benchmarks.jar 'CanvasBenchmark.draw' -p size=1920x1080 -p rotation=0
 * }</pre>
 */
public class CanvasBenchmark extends BenchmarkBase {

  /** {@link Canvas#draw}: one decoded frame into the canvas. */
  @Benchmark
  public ByteBuffer draw(DrawInput in) {
    in.canvas.draw(in.source, in.sourceWidth, in.sourceHeight, in.stride, in.rotation);
    return in.canvas.pixels();
  }

  /** {@link Canvas#blend} at alpha 0.4: one crossfade frame. */
  @Benchmark
  public ByteBuffer blend(BlendInput in) {
    in.canvas.blend(in.from, in.to, 0.4);
    return in.canvas.pixels();
  }

  /** A fitted source frame of random pixels and the canvas it is drawn into. */
  @State(Scope.Thread)
  public static class DrawInput {

    /** Output size; the source is fitted to it. */
    @Param({"1280x720", "1920x1080", "3840x2160"})
    public String size = "1920x1080";

    /** Clockwise rotation of the source (from its display matrix). */
    @Param({"0", "90", "180"})
    public int rotation;

    Canvas canvas = new Canvas(2, 2);
    ByteBuffer source = ByteBuffer.allocateDirect(0);
    int sourceWidth;
    int sourceHeight;
    int stride;

    /** Allocates the canvas and a source frame of random pixels. */
    @Setup
    public void setUp() {
      int width = width(size);
      int height = height(size);
      if (rotation % 180 == 0) {
        sourceWidth = width;
        sourceHeight = height;
      } else {
        // Turned, the source shows sourceHeight x sourceWidth and must fit the canvas at full height.
        sourceWidth = height;
        sourceHeight = (int) Math.round(height * (double) height / width) & ~1;
      }
      stride = (sourceWidth + 63) & ~63;
      source = random(stride * sourceHeight * 3 / 2);
      canvas = new Canvas(width, height);
    }
  }

  /** Two canvases of random pixels and the one their blend goes into. */
  @State(Scope.Thread)
  public static class BlendInput {

    /** Output size. */
    @Param({"1280x720", "1920x1080", "3840x2160"})
    public String size = "1920x1080";

    Canvas canvas = new Canvas(2, 2);
    Canvas from = new Canvas(2, 2);
    Canvas to = new Canvas(2, 2);

    /** Allocates the three canvases. */
    @Setup
    public void setUp() {
      int width = width(size);
      int height = height(size);
      canvas = new Canvas(width, height);
      from = new Canvas(width, height);
      to = new Canvas(width, height);
      from.pixels().put(random(from.pixels().capacity())).clear();
      to.pixels().put(random(to.pixels().capacity())).clear();
    }
  }

  static int width(String size) {
    return Integer.parseInt(size.substring(0, size.indexOf('x')));
  }

  static int height(String size) {
    return Integer.parseInt(size.substring(size.indexOf('x') + 1));
  }

  static ByteBuffer random(int bytes) {
    byte[] noise = new byte[bytes];
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < bytes; i++) {
      noise[i] = (byte) random.nextInt(256);
    }
    return ByteBuffer.allocateDirect(bytes).put(noise).clear();
  }
}
