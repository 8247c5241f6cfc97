package dev.montage.ffmpeg.internal.worker;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The class path of what a worker loads, read from where the class loader that loaded Montage found
 * it: for a host whose own class path does not hold Montage (a web application in Tomcat or Jetty,
 * Montage in {@code WEB-INF/lib}; a plugin's class loader), whose workers cannot start from
 * {@code java.class.path}. A worker gets every file the loader reads itself (a web application's
 * classes and libraries, its logging binding among them), then the jars of Montage's renderer and
 * core, JavaCV, JavaCPP, FFmpeg's presets and SLF4J's API wherever a parent loader found them, then
 * the jars of JavaCPP's and FFmpeg's natives for this platform (the GPL build's where the host has
 * it; the worker picks the same build as the host, whose JavaCPP settings it gets). A loader that
 * serves them from where a JVM cannot start (inside another jar, a virtual file system), or without
 * natives, is refused with what to do.
 */
final class LoaderClassPath {

  /** One class of every jar a worker loads classes from. */
  static final List<String> CLASSES = List.of("dev.montage.ffmpeg.internal.worker.WorkerMain",
      "dev.montage.core.MontageException", "org.bytedeco.javacv.FFmpegFrameGrabber", "org.bytedeco.javacpp.Loader",
      "org.bytedeco.ffmpeg.global.avcodec", "org.slf4j.LoggerFactory");
  /** JavaCPP's own native library, in its folder ({@code %s}: JavaCPP's platform, such as {@code linux-x86_64}). */
  static final String JAVACPP_NATIVE = "org/bytedeco/javacpp/%s/" + System.mapLibraryName("jnijavacpp");
  /** One of FFmpeg's native libraries, in the LGPL and the GPL build's folders. */
  static final List<String> FFMPEG_NATIVES = List.of("org/bytedeco/ffmpeg/%s/" + System.mapLibraryName("jniavutil"),
      "org/bytedeco/ffmpeg/%s-gpl/" + System.mapLibraryName("jniavutil"));

  private LoaderClassPath() {}

  /**
   * The class path a worker starts from, as {@code loader} sees Montage on {@code platform}.
   *
   * @throws IOException when a class or the natives are missing, or served from where a JVM cannot start
   */
  static String of(ClassLoader loader, String platform) throws IOException {
    Set<String> entries = new LinkedHashSet<>();
    if (loader instanceof URLClassLoader own) {
      for (URL url : own.getURLs()) {
        if ("file".equals(url.getProtocol())) {
          entries.add(pathOf(url, null).toString());
        }
      }
    }
    for (String name : CLASSES) {
      entries.add(codeSource(loader, name).toString());
    }
    boolean javacpp = addNatives(loader, String.format(JAVACPP_NATIVE, platform), entries);
    boolean ffmpeg = false;
    for (String natives : FFMPEG_NATIVES) {
      ffmpeg |= addNatives(loader, String.format(natives, platform), entries); // both builds where both are there
    }
    if (!javacpp || !ffmpeg) {
      throw refused("JavaCPP's or FFmpeg's native libraries for " + platform + " are not loadable from Montage's class"
          + " loader " + loader + " (add org.bytedeco:javacpp and org.bytedeco:ffmpeg with the classifier " + platform
          + " beside Montage)", null);
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Path codeSource(ClassLoader loader, String name) throws IOException {
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
    return pathOf(source.getLocation(), null);
  }

  /** Adds the jar or directory of every copy of {@code resource}; whether there was one. */
  private static boolean addNatives(ClassLoader loader, String resource, Set<String> entries) throws IOException {
    List<URL> found = Collections.list(loader.getResources(resource));
    for (URL url : found) {
      entries.add(pathOf(url, resource).toString());
    }
    return !found.isEmpty();
  }

  /**
   * The directory or jar file a code source ({@code resource} null) or {@code resource} is read from,
   * as {@code url} names it.
   *
   * @throws IOException when that is no file a JVM can start from (a jar inside a jar, another scheme)
   */
  static Path pathOf(URL url, @Nullable String resource) throws IOException {
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        String inner = uri.getRawSchemeSpecificPart();
        String suffix = "!/" + (resource == null ? "" : resource);
        String archive = inner.endsWith(suffix) ? inner.substring(0, inner.length() - suffix.length()) : "";
        URI file = archive.isEmpty() || archive.contains("!/") ? null : new URI(archive);
        if (file == null || !"file".equals(file.getScheme())) {
          throw cannotStartFrom(url, null); // a jar inside a jar (a packed war, an old Spring Boot jar)
        }
        return Path.of(file);
      }
      if (!"file".equals(uri.getScheme())) {
        throw cannotStartFrom(url, null);
      }
      Path path = Path.of(uri);
      if (resource == null) {
        return path;
      }
      // A resource in a class directory: the directory the class path names is above it.
      int depth = resource.split("/").length;
      Path root = path.getRoot();
      if (root == null || path.getNameCount() <= depth) {
        throw cannotStartFrom(url, null);
      }
      return root.resolve(path.subpath(0, path.getNameCount() - depth));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw cannotStartFrom(url, e);
    }
  }

  private static IOException cannotStartFrom(URL url, @Nullable Throwable cause) {
    return refused("Montage is loaded from " + url + ", which a worker process cannot start from", cause);
  }

  private static IOException refused(String why, @Nullable Throwable cause) {
    return new IOException(why + "; put Montage's jars where the JVM can read them as files (an exploded"
        + " WEB-INF/lib, or the JVM's class path), or render without isolation", cause);
  }
}
