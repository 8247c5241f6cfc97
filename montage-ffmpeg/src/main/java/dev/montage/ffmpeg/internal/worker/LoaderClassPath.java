package dev.montage.ffmpeg.internal.worker;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The class path of what a worker loads, read from where the class loader that loaded Montage found
 * it: for a host whose own class path does not hold Montage (a web application in Tomcat or Jetty,
 * Montage in {@code WEB-INF/lib}; a plugin's class loader), whose workers cannot start from
 * {@code java.class.path}. A worker loads Montage's renderer and core, JavaCV, JavaCPP, FFmpeg's
 * presets, SLF4J's API, and the two native libraries' jars, the GPL build's where the host has it.
 * A loader that serves them from somewhere a JVM cannot start from (inside another jar, a virtual
 * file system) is refused with what to do.
 */
final class LoaderClassPath {

  /** One class of every jar a worker loads classes from. */
  static final List<String> CLASSES = List.of("dev.montage.ffmpeg.internal.worker.WorkerMain",
      "dev.montage.core.MontageException", "org.bytedeco.javacv.FFmpegFrameGrabber", "org.bytedeco.javacpp.Loader",
      "org.bytedeco.ffmpeg.global.avcodec", "org.slf4j.LoggerFactory");
  /** The native libraries' folders ({@code %s}: JavaCPP's platform, such as {@code linux-x86_64}). */
  static final List<String> NATIVES = List.of("org/bytedeco/javacpp/%s/", "org/bytedeco/ffmpeg/%s/",
      "org/bytedeco/ffmpeg/%s-gpl/");

  private LoaderClassPath() {}

  /**
   * The class path a worker starts from, as {@code loader} sees Montage on {@code platform}.
   *
   * @throws IOException when a class is missing or served from where a JVM cannot start
   */
  static String of(ClassLoader loader, String platform) throws IOException {
    Set<String> entries = new LinkedHashSet<>();
    for (String name : CLASSES) {
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException e) {
        throw refused(name + " is not loadable from Montage's class loader " + loader, e);
      }
      CodeSource source = type.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        throw refused("the class loader " + loader + " does not say where " + name + " comes from", null);
      }
      entries.add(pathOf(source.getLocation(), name).toString());
    }
    for (String folder : NATIVES) {
      String resource = String.format(folder, platform);
      URL url = loader.getResource(resource);
      if (url != null) {
        entries.add(pathOf(url, resource).toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The directory or jar file {@code url} (a code source, or a resource in a jar) is in. */
  static Path pathOf(URL url, String what) throws IOException {
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        String inner = uri.getRawSchemeSpecificPart();
        int bang = inner.indexOf("!/");
        uri = new URI(bang < 0 ? inner : inner.substring(0, bang));
      }
      if (!"file".equals(uri.getScheme())) {
        throw refused(what + " is loaded from " + url + ", which a worker process cannot start from", null);
      }
      Path path = Path.of(uri);
      if (what.endsWith("/") && !uri.toString().endsWith(".jar")) {
        // A resource folder in a class directory: the directory the class path names is above it.
        Path root = path.getRoot();
        int depth = what.split("/").length;
        if (root == null || path.getNameCount() <= depth) {
          throw refused(what + " is loaded from " + url + ", which is no class directory", null);
        }
        return root.resolve(path.subpath(0, path.getNameCount() - depth));
      }
      return path;
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw refused(what + " is loaded from " + url + ", which a worker process cannot start from", e);
    }
  }

  private static IOException refused(String why, @Nullable Throwable cause) {
    return new IOException(why + "; put Montage's jars where the JVM can read them as files (an exploded"
        + " WEB-INF/lib, or the JVM's class path), or render without isolation", cause);
  }
}
