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
    String avutil = "org/bytedeco/ffmpeg/linux-x86_64/libjniavutil.so";
    assertEquals(Path.of("/srv/app/WEB-INF/lib/FFMPEG-LINUX-X86_64.JAR"), LoaderClassPath.pathOf(
        new URL("jar:file:/srv/app/WEB-INF/lib/FFMPEG-LINUX-X86_64.JAR!/" + avutil), avutil));
    assertEquals(Path.of("/srv/app/WEB-INF/lib/javacv.jar"),
        LoaderClassPath.pathOf(new URL("file:/srv/app/WEB-INF/lib/javacv.jar"), null));
    assertEquals(Path.of("/srv/app/WEB-INF/lib/javacv.jar"),
        LoaderClassPath.pathOf(new URL("jar:file:/srv/app/WEB-INF/lib/javacv.jar!/"), null));
    assertEquals(Path.of("/srv/app/WEB-INF/classes"),
        LoaderClassPath.pathOf(new URL("file:/srv/app/WEB-INF/classes/" + avutil), avutil));
    assertEquals(Path.of("/srv/app/WEB-INF/classes.jar"),
        LoaderClassPath.pathOf(new URL("file:/srv/app/WEB-INF/classes.jar/" + avutil), avutil), "a directory named .jar");
    assertEquals(Path.of("/srv/my app/lib/a.jar"), LoaderClassPath.pathOf(new URL("file:/srv/my%20app/lib/a.jar"), null));
  }

  @Test
  void aLoaderServingFromWhereNoJvmStarts_isRefusedSayingWhatToDo() {
    for (String url : List.of("jar:nested:/app.jar/!BOOT-INF/lib/javacv.jar!/", "vfs:/content/app.war/WEB-INF/lib/javacv.jar",
        "jar:file:/srv/app.war!/WEB-INF/lib/javacv.jar!/", "http://example.com/javacv.jar")) {
      IOException e = assertThrows(IOException.class, () -> LoaderClassPath.pathOf(new URL(null, url, HANDLER), null));
      assertTrue(e.getMessage().contains("which a worker process cannot start from"), url + ": " + e.getMessage());
      assertTrue(e.getMessage().contains("or render without isolation"), e.getMessage());
    }
  }

  @Test
  void thisJvmsMontage_isFoundWithItsNatives() throws Exception {
    String classPath = WorkerClassPath.of("/opt/server/bootstrap.jar", false, WorkerMain.class.getClassLoader());
    List<String> entries = List.of(classPath.split(File.pathSeparator));
    String platform = Loader.getPlatform();
    assertTrue(entries.stream().anyMatch(entry -> entry.matches(".*javacpp-[0-9.]+-" + platform + "\\.jar")),
        "JavaCPP's natives: " + classPath);
    assertTrue(entries.stream().anyMatch(entry -> entry.matches(".*ffmpeg-[0-9.]+-[0-9.]+-" + platform + "(-gpl)?\\.jar")),
        "FFmpeg's natives: " + classPath);
    for (String name : LoaderClassPath.CLASSES) {
      String source = Path.of(Class.forName(name).getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      assertTrue(entries.contains(source), name + "'s " + source + " in " + classPath);
    }
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
