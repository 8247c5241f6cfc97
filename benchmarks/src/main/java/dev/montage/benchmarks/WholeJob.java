package dev.montage.benchmarks;

import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageException;
import dev.montage.core.RenderResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one clip list with Montage and prints one line of results: the runner that
 * {@code benchmarks/run.sh} times (wall time and peak RSS of this whole JVM, start-up included)
 * against ffmpeg and melt on the same clip list.
 *
 * <pre>{@code
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.montage.benchmarks.WholeJob \
 *     --clips clips.txt --output out.mp4 --size 1920x1080 --fps 30
 * }</pre>
 *
 * <p>The clip list has one clip per line, {@code path in_seconds out_seconds}; the path may contain
 * spaces (the last two fields are the times), a relative path is resolved against the list's
 * directory, and blank lines and lines starting with {@code #} are skipped. Options, with defaults:
 * {@code --size 1920x1080}, {@code --fps 30}, {@code --preset veryfast}, {@code --crf 23},
 * {@code --temp} (the system temp directory), {@code --workers 0} (the thread policy decides),
 * {@code --stream-copy true}; for the composition job, {@code --title TEXT} (a 2 s title card
 * first), {@code --crossfade SECONDS} (at every boundary), {@code --lower-third TEXT} (from 3 s to
 * 6 s) and {@code --music FILE} (ducked under the clips' sound). The result line holds {@code key=value} pairs: the render mode
 * ({@link RenderResult#mode()}), encoder, segments, frames, output duration, the render's own wall
 * time ({@link RenderResult#wallTime()}), the JVM's uptime and the peak heap used. Exit status 2
 * means Montage rejected or failed the job (its message is on stderr), 64 a usage error.
 */
public final class WholeJob {

  private static final int EXIT_FAILED = 2;
  private static final int EXIT_USAGE = 64;

  private WholeJob() {}

  /** Parses the options, renders and prints the result line. */
  public static void main(String[] args) {
    Map<String, String> options;
    List<Clip> clips;
    int width;
    int height;
    try {
      options = options(args);
      String[] size = options.getOrDefault("size", "1920x1080").split("x", -1);
      if (size.length != 2) {
        throw new IllegalArgumentException("--size must be WIDTHxHEIGHT but was " + options.get("size"));
      }
      width = Integer.parseInt(size[0]);
      height = Integer.parseInt(size[1]);
      clips = readClips(Path.of(required(options, "clips")));
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("WholeJob: " + e.getMessage());
      System.err.println("usage: WholeJob --clips FILE --output FILE [--size WxH] [--fps N] [--preset P]"
          + " [--crf N] [--temp DIR] [--workers N] [--stream-copy true|false] [--video-codec h264|hevc|av1|vp9]"
          + " [--hardware-encoding off|auto|required]"
          + " [--title TEXT] [--crossfade SECONDS] [--lower-third TEXT] [--music FILE]");
      System.exit(EXIT_USAGE);
      return;
    }

    MontageBuilder builder = MontageBuilder.create()
        .output(Path.of(required(options, "output")))
        .size(width, height)
        .frameRate(Double.parseDouble(options.getOrDefault("fps", "30")))
        .workers(Integer.parseInt(options.getOrDefault("workers", "0")))
        .streamCopy(Boolean.parseBoolean(options.getOrDefault("stream-copy", "true")));
    if (options.containsKey("temp")) {
      builder.tempDir(Path.of(options.get("temp")));
    }
    // Only when given: the defaults (veryfast, CRF 23) are the encoder's own, and an explicit
    // setting that a stream copy leaves unused would be reported as a warning.
    if (options.containsKey("preset")) {
      builder.preset(options.get("preset"));
    }
    if (options.containsKey("crf")) {
      builder.crf(Integer.parseInt(options.get("crf")));
    }
    if (options.containsKey("video-codec")) {
      builder.videoCodec(dev.montage.core.VideoCodec.parse(options.get("video-codec")));
    }
    if (options.containsKey("hardware-encoding")) {
      builder.hardwareEncoding(dev.montage.core.HardwareEncoding.valueOf(
          options.get("hardware-encoding").toUpperCase(Locale.ROOT)));
    }
    if (options.containsKey("title")) {
      builder.title(options.get("title"), Duration.ofSeconds(2), dev.montage.core.TextStyle.title());
    }
    for (Clip clip : clips) {
      builder.clip(clip.source(), clip.in(), clip.out());
    }
    if (options.containsKey("crossfade")) {
      builder.crossfade(duration(options.get("crossfade")));
    }
    if (options.containsKey("lower-third")) {
      builder.text(options.get("lower-third"), Duration.ofSeconds(3), Duration.ofSeconds(6),
          dev.montage.core.TextStyle.lowerThird());
    }
    if (options.containsKey("music")) {
      builder.music(dev.montage.core.MusicBed.of(Path.of(options.get("music"))).withDucking());
    }

    RenderResult result;
    try {
      result = builder.render();
    } catch (MontageException e) {
      System.err.println("WholeJob: render failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(EXIT_FAILED);
      return;
    }
    System.out.println(String.format(Locale.ROOT,
        "montage clips=%d size=%dx%d mode=%s encoder=%s segments=%d frames=%d duration_s=%.3f"
            + " render_wall_s=%.3f render_fps=%.1f jvm_uptime_s=%.3f heap_peak_mb=%.1f heap_max_mb=%.0f",
        clips.size(), width, height, result.mode(), result.videoEncoder(), result.segments(),
        result.frameCount(), seconds(result.duration()), seconds(result.wallTime()), result.framesPerSecond(),
        ManagementFactory.getRuntimeMXBean().getUptime() / 1e3, heapPeakMb(),
        Runtime.getRuntime().maxMemory() / 1048576.0));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("expected --name value pairs but got '" + name + "'");
      }
      options.put(name.substring(2), args[++i]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  /** Reads {@code path in out} lines; see the class comment. */
  static List<Clip> readClips(Path list) throws IOException {
    Path absoluteList = list.toAbsolutePath(); // sources are relative to the list's directory
    List<Clip> clips = new ArrayList<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      lineNumber++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int outAt = text.lastIndexOf(' ');
      int inAt = outAt < 0 ? -1 : text.lastIndexOf(' ', outAt - 1);
      if (inAt <= 0) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "clip list %s line %d must be 'path in_seconds out_seconds' but was '%s'", list, lineNumber, text));
      }
      Path source = Path.of(text.substring(0, inAt).strip());
      try {
        clips.add(new Clip(absoluteList.resolveSibling(source),
            duration(text.substring(inAt + 1, outAt)), duration(text.substring(outAt + 1))));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "clip list %s line %d has a time that is not a number of seconds: '%s'", list, lineNumber, text), e);
      }
    }
    if (clips.isEmpty()) {
      throw new IllegalArgumentException("clip list " + list + " holds no clips");
    }
    return clips;
  }

  private static Duration duration(String seconds) {
    return Duration.ofNanos(Math.round(Double.parseDouble(seconds.strip()) * 1e9));
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static double heapPeakMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / 1048576.0;
  }

  /** One line of the clip list. */
  record Clip(Path source, Duration in, Duration out) {}
}
