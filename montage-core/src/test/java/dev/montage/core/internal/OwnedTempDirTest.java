package dev.montage.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnedTempDirTest {

  static final String PREFIX = "montage-test-";
  private static final Instant STARTED = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path parent;

  @Test
  void ownsItsDirectoryUntilClosed() throws Exception {
    OwnedTempDir owned = OwnedTempDir.create(parent, PREFIX);
    OwnedTempDir.Name name = OwnedTempDir.Name.parse(owned.dir().getFileName().toString(), PREFIX);
    assertNotNull(name);
    assertEquals(ProcessHandle.current().pid(), name.pid());
    assertTrue(name.isThisProcess());
    assertTrue(Files.exists(owned.dir().resolve(".owner")));
    Files.createDirectories(owned.dir().resolve("nested"));
    Files.write(owned.dir().resolve("nested/segment.mp4"), new byte[16]);

    owned.close();
    owned.close();
    assertEquals(List.of(), children(parent));
  }

  @Test
  void notesOnlyHiddenPartFiles() throws Exception {
    try (OwnedTempDir owned = OwnedTempDir.create(parent, PREFIX)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> owned.noteOutside(parent.resolve("out.mp4")));
      assertTrue(e.getMessage().contains("out.mp4"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> owned.noteOutside(parent.resolve("visible.part")));
      owned.noteOutside(parent.resolve(".out.mp4.montage-1a2b3c4d.part"));
      assertEquals(List.of(parent.resolve(".out.mp4.montage-1a2b3c4d.part")), owned.notedParts());
    }
  }

  @Test
  void sweepsOnlyWhatAnEndedProcessOfThisHostLeft() throws Exception {
    Path ended = leftover(4242, "host-a", STARTED);
    Path reused = leftover(4343, "host-a", STARTED);
    Path running = leftover(4444, "host-a", STARTED);
    Path elsewhere = leftover(4545, "host-b", STARTED);
    Path unknownStart = leftover(4646, "host-a", null);
    Path incomplete = Files.createDirectories(parent.resolve(PREFIX + "4747-0-x"));
    Files.writeString(incomplete.resolve(".owner"), "montage-owner 1\nhost host-a\n");
    Path notADirectory = Files.writeString(parent.resolve(PREFIX + "4848-0-y"), "a user's file");
    Path userFile = Files.writeString(parent.resolve("cut.mp4"), "a user's render");
    Files.writeString(ended.resolve(".owner"), "part " + userFile + "\n", java.nio.file.StandardOpenOption.APPEND);

    Path othersMayWrite = leftover(4949, "host-a", STARTED);
    if (Files.getFileAttributeView(othersMayWrite, PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(othersMayWrite, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    OwnedTempDir.sweep(parent, PREFIX, "host-a", new OwnedTempDir.Processes() {
      @Override
      public boolean running(long pid) {
        return pid != 4242 && pid != 4949;
      }

      @Override
      public Optional<Instant> start(long pid) {
        return pid == 4343 ? Optional.of(STARTED.plusSeconds(30)) : pid == 4646 ? Optional.empty() : Optional.of(STARTED);
      }
    }, Files.getOwner(parent));

    assertFalse(Files.exists(ended), "an ended process's directory");
    assertFalse(Files.exists(parent.resolve(".out-" + PREFIX + "4242.mp4.montage-00000000.part")), "its part file");
    assertFalse(Files.exists(reused), "a directory whose process id now names a later process");
    assertFalse(Files.exists(parent.resolve(".out-" + PREFIX + "4343.mp4.montage-00000000.part")));
    if (Files.getFileAttributeView(othersMayWrite, PosixFileAttributeView.class) != null) {
      assertTrue(Files.exists(othersMayWrite), "a directory others may write in: its record may be planted");
    }
    for (Path kept : List.of(running, elsewhere, unknownStart, incomplete, notADirectory, userFile,
        parent.resolve(".out-" + PREFIX + "4444.mp4.montage-00000000.part"), parent.resolve(".out-" + PREFIX + "4545.mp4.montage-00000000.part"))) {
      assertTrue(Files.exists(kept), kept + " kept");
    }
  }

  @Test
  void aDirectoryWhoseRecordIsNotWrittenYetIsLeftAsItIs() throws Exception {
    // Another process between making its directory and creating its record: a sweep that created the
    // record (empty) would make that process's own createFile fail, and its job with it.
    Path creating = Files.createDirectories(parent.resolve(PREFIX + "5050-0-z"));
    OwnedTempDir.sweep(parent, PREFIX, "host-a", new OwnedTempDir.Processes() {
      @Override
      public boolean running(long pid) {
        return false;
      }

      @Override
      public Optional<Instant> start(long pid) {
        return Optional.empty();
      }
    }, Files.getOwner(parent));
    assertTrue(Files.isDirectory(creating), "kept");
    assertFalse(Files.exists(creating.resolve(".owner")), "no record made for it");
  }

  @Test
  void aKilledProcessLeavesNothingForTheNextOne() throws Exception {
    Path part = parent.resolve(".cut.mp4.montage-0badf00d.part");
    Process holder = new ProcessBuilder(javaCommand(), "-cp", classPath(), OwnedTempDirHolder.class.getName(),
        parent.toString(), part.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      String ready = out.readLine();
      assertNotNull(ready, "the holder process ended before owning its directory");
      Path dir = Path.of(ready.substring("ready ".length()));
      assertTrue(Files.exists(dir.resolve("segment-00001.mp4")));

      OwnedTempDir.sweep(parent, PREFIX, OwnedTempDir.host(), OwnedTempDir.Processes.SYSTEM, Files.getOwner(parent));
      assertTrue(Files.exists(dir.resolve("segment-00001.mp4")), "a running owner's directory is kept");
      assertTrue(Files.exists(part), "a running owner's part file is kept");

      holder.destroyForcibly();
      assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
      assertTrue(Files.exists(dir), "a killed process cleans nothing up itself");

      OwnedTempDir.sweep(parent, PREFIX, OwnedTempDir.host(), OwnedTempDir.Processes.SYSTEM, Files.getOwner(parent));
      assertFalse(Files.exists(dir), "the killed process's directory");
      assertFalse(Files.exists(part), "the killed process's part file");
      assertEquals(List.of(), children(parent));
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void creatingSweepsTheParentForItsOwnPrefix() throws Exception {
    long noSuchProcess = 999_999_999L; // above every system's process id limit
    Path jobs = leftover("montage-a-", noSuchProcess, OwnedTempDir.host(), STARTED);
    Path sources = leftover("montage-b-", noSuchProcess, OwnedTempDir.host(), STARTED);

    OwnedTempDir.create(parent, "montage-a-").close();
    assertFalse(Files.exists(jobs));
    assertTrue(Files.exists(sources), "another prefix's leftovers are that prefix's to sweep");
    OwnedTempDir.create(parent, "montage-b-").close();
    assertFalse(Files.exists(sources), "the same parent is swept again for another prefix");
    assertEquals(List.of(), children(parent));
  }

  @Test
  void anEarlierProcessWithThisProcesssIdIsSwept() throws Exception {
    // A container's JVM has the same small id after every restart: the start tells the runs apart.
    long pid = ProcessHandle.current().pid();
    Path earlier = leftover(pid, OwnedTempDir.host(), Instant.parse("2020-01-01T00:00:00Z"));
    try (OwnedTempDir mine = OwnedTempDir.create(parent, PREFIX)) {
      assertFalse(Files.exists(earlier), "an earlier run's directory under this process's id");
      assertTrue(Files.exists(mine.dir().resolve(".owner")), "this run's own directory");
    }
  }

  @Test
  void anInterruptedThreadCreatesAndNotesAndKeepsItsInterrupt() throws Exception {
    Thread.currentThread().interrupt();
    try (OwnedTempDir owned = OwnedTempDir.create(parent, PREFIX)) {
      owned.noteOutside(parent.resolve(".a.mp4.montage-00000001.part"));
      Thread.currentThread().interrupt();
      owned.noteOutside(parent.resolve(".b.mp4.montage-00000002.part"));
      assertTrue(Thread.interrupted(), "the interrupt is the caller's, kept");
      assertEquals(2, owned.notedParts().size(), "both noted: an interrupt does not close the record");
    } finally {
      Thread.interrupted();
    }
    assertEquals(List.of(), children(parent));
  }

  @Test
  void readsWhoseDirectoryFromItsNameOnly() {
    assertEquals(new OwnedTempDir.Name(123, 456), OwnedTempDir.Name.parse(PREFIX + "123-456-789", PREFIX));
    assertNull(OwnedTempDir.Name.parse(PREFIX + "123-456789", PREFIX));
    assertNull(OwnedTempDir.Name.parse(PREFIX + "123-456-", PREFIX));
    assertNull(OwnedTempDir.Name.parse(PREFIX + "-123-4", PREFIX));
    assertNull(OwnedTempDir.Name.parse(PREFIX + "x1-2-3", PREFIX));
    assertNull(OwnedTempDir.Name.parse("other-123-4-5", PREFIX));
  }

  /** A directory as process {@code pid} on {@code host} would have left it, with a part file beside. */
  private Path leftover(long pid, String host, @Nullable Instant start) throws Exception {
    return leftover(PREFIX, pid, host, start);
  }

  private Path leftover(String prefix, long pid, String host, @Nullable Instant start) throws Exception {
    Path dir = Files.createDirectories(
        parent.resolve(prefix + pid + "-" + (start == null ? 0 : start.toEpochMilli()) + "-" + 1000 + pid));
    Files.createDirectories(dir.resolve("segments"));
    Files.write(dir.resolve("segments/segment-00001.mp4"), new byte[64]);
    Path part = Files.write(parent.resolve(".out-" + prefix + pid + ".mp4.montage-00000000.part"), new byte[64]);
    Files.writeString(dir.resolve(".owner"), new OwnedTempDir.Owner(host, pid, start).text() + "part " + part + "\n");
    return dir;
  }

  private static List<Path> children(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  private static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String classPath() throws Exception {
    StringBuilder path = new StringBuilder();
    for (Class<?> type : List.of(OwnedTempDirHolder.class, OwnedTempDir.class, org.slf4j.LoggerFactory.class)) {
      if (path.length() > 0) {
        path.append(File.pathSeparator);
      }
      path.append(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }
    return path.toString();
  }
}
