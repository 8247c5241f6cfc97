package dev.montage.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A size-limited tmpfs mounted for one test, to make a real full disk. Needs the right to mount
 * (root, as in CI's container); elsewhere the test is skipped with a note.
 */
final class TinyDisk implements AutoCloseable {

  private final Path mountPoint;

  private TinyDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  static TinyDisk mount(Path dir, String size) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
        .redirectErrorStream(true).start();
    boolean done = mount.waitFor(10, TimeUnit.SECONDS);
    String said = new String(mount.getInputStream().readAllBytes());
    Assumptions.assumeTrue(done && mount.exitValue() == 0, "cannot mount a tmpfs here (" + said.strip() + ")");
    return new TinyDisk(dir);
  }

  Path path() {
    return mountPoint;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Process umount = new ProcessBuilder("umount", mountPoint.toString()).redirectErrorStream(true).start();
    if (!umount.waitFor(10, TimeUnit.SECONDS) || umount.exitValue() != 0) {
      throw new IOException("umount " + mountPoint + " failed: " + new String(umount.getInputStream().readAllBytes()));
    }
  }
}
