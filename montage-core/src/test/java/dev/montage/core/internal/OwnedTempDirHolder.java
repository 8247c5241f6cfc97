package dev.montage.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/** A process that owns a temp dir and a part file until it is killed: {@code <parent> <part>}. */
public final class OwnedTempDirHolder {

  private OwnedTempDirHolder() {}

  public static void main(String[] args) throws Exception {
    OwnedTempDir owned = OwnedTempDir.create(Path.of(args[0]), OwnedTempDirTest.PREFIX);
    Files.write(owned.dir().resolve("segment-00001.mp4"), new byte[4096]);
    Path part = Path.of(args[1]);
    Files.write(part, new byte[1024]);
    owned.noteOutside(part);
    System.out.println("ready " + owned.dir());
    System.out.flush();
    Thread.sleep(60_000); // killed long before
  }
}
