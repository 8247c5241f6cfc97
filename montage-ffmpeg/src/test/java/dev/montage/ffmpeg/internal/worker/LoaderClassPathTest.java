package dev.montage.ffmpeg.internal.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

class LoaderClassPathTest {

  @Test
  void readsJarsAndClassDirectoriesFromWhereTheLoaderFoundThem() throws Exception {
    assertEquals(Path.of("/srv/app/WEB-INF/lib/ffmpeg-linux-x86_64.jar"), LoaderClassPath.pathOf(
        new URL("jar:file:/srv/app/WEB-INF/lib/ffmpeg-linux-x86_64.jar!/org/bytedeco/ffmpeg/linux-x86_64/"),
        "org/bytedeco/ffmpeg/linux-x86_64/"));
    assertEquals(Path.of("/srv/app/WEB-INF/lib/javacv.jar"),
        LoaderClassPath.pathOf(new URL("file:/srv/app/WEB-INF/lib/javacv.jar"), "org.bytedeco.javacv.FFmpegFrameGrabber"));
    assertEquals(Path.of("/srv/app/WEB-INF/classes"), LoaderClassPath.pathOf(
        new URL("file:/srv/app/WEB-INF/classes/org/bytedeco/ffmpeg/linux-x86_64/"), "org/bytedeco/ffmpeg/linux-x86_64/"));
    assertEquals(Path.of("/srv/my app/lib/a.jar"), LoaderClassPath.pathOf(new URL("file:/srv/my%20app/lib/a.jar"), "a"));
  }

  @Test
  void aLoaderServingFromWhereNoJvmStarts_isRefusedSayingWhatToDo() {
    for (String url : List.of("jar:nested:/app.jar/!BOOT-INF/lib/javacv.jar!/", "vfs:/content/app.war/WEB-INF/lib/javacv.jar",
        "http://example.com/javacv.jar")) {
      IOException e = assertThrows(IOException.class, () -> LoaderClassPath.pathOf(new URL(null, url, HANDLER), "javacv"));
      assertTrue(e.getMessage().contains("which a worker process cannot start from"), e.getMessage());
      assertTrue(e.getMessage().contains("or render without isolation"), e.getMessage());
    }
  }

  @Test
  void thisJvmsMontage_isFoundWithItsNatives() throws Exception {
    String classPath = WorkerClassPath.of("/opt/server/bootstrap.jar", false, WorkerMain.class.getClassLoader());
    List<String> entries = List.of(classPath.split(File.pathSeparator));
    assertTrue(entries.size() >= LoaderClassPath.CLASSES.size() + 2, classPath);
    assertTrue(entries.stream().anyMatch(entry -> entry.contains("javacpp") && entry.contains(Loader.getPlatform())),
        "JavaCPP's natives: " + classPath);
    assertTrue(entries.stream().anyMatch(entry -> entry.contains("ffmpeg") && entry.contains(Loader.getPlatform())),
        "FFmpeg's natives: " + classPath);
    assertEquals("/opt/server/bootstrap.jar", WorkerClassPath.of("/opt/server/bootstrap.jar", true,
        WorkerMain.class.getClassLoader()), "Montage on the host's class path: the host's");
  }

  /** Parses any scheme (URL refuses schemes it has no handler for). */
  private static final java.net.URLStreamHandler HANDLER = new java.net.URLStreamHandler() {
    @Override
    protected java.net.URLConnection openConnection(URL url) {
      throw new UnsupportedOperationException();
    }
  };
}
