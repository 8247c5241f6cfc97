package com.example.hostapp;

import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageException;
import dev.montage.core.RenderResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A host application's use of Montage: the first second of every source, crossfaded, at 640x360.
 * {@code java com.example.hostapp.HostApp out.mp4 a.mp4 b.mp4 ...}
 */
public final class HostApp {

  private HostApp() {}

  /** The montage this application makes of {@code sources}. */
  public static MontageBuilder montage(Path output, List<Path> sources) {
    MontageBuilder builder = MontageBuilder.create()
        .output(output)
        .size(640, 360)
        .frameRate(30)
        .crossfade(Duration.ofMillis(200));
    for (Path source : sources) {
      builder.clip(source, Duration.ZERO, Duration.ofSeconds(1));
    }
    return builder;
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: HostApp OUTPUT SOURCE...");
      System.exit(2);
    }
    List<Path> sources = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      sources.add(Path.of(args[i]));
    }
    try {
      RenderResult result = montage(Path.of(args[0]), sources).render();
      System.out.printf("%s: %d frames, encoded with %s%n", result.output(), result.frameCount(), result.videoEncoder());
    } catch (MontageException e) {
      // Names the clip, the file and FFmpeg's reason; nothing is left at the output path.
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }
}
