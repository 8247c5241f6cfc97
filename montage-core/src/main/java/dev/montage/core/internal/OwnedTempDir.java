package dev.montage.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A temporary directory that says which process owns it, so that what a killed process left behind
 * is removed by the next one.
 *
 * <p>Design note: a JVM that ends normally deletes its temp files itself (close, shutdown hooks);
 * one killed outright (the kernel's OOM killer, {@code kill -9}, a container stopped hard) cannot,
 * and a 4K job's segments are gigabytes. So the directory is named {@code <prefix><pid>-<random>}
 * and holds a {@code .owner} file that its process keeps locked for the directory's life and that
 * records the host, the process id, the process's start and any hidden {@code .part} file the job
 * wrote elsewhere (its output before the move). Creating a directory first sweeps the parent:
 * a sibling with the same prefix is removed only when the lock is free, the record names this host,
 * and that process is no longer running (absent, or a different process under a reused id).
 * The three checks are one more than a local disk needs: the lock alone can be a no-op on a network
 * file system, and the host and the process stand in there. A directory without a complete record,
 * or of this process, is never touched (its owner may be between two steps of creating it; and
 * closing any channel on a file drops this process's own POSIX locks on it, so this process never
 * opens its own {@code .owner} files twice). Sweeping is hygiene: a failure is logged, never thrown.
 */
public final class OwnedTempDir implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OwnedTempDir.class);
  private static final String OWNER = ".owner";
  private static final String HEADER = "montage-owner 1";
  private static final String PART_SUFFIX = ".part";
  /** How often one parent is swept: leftovers only appear when a process dies, a rare event. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(10);
  /** When each parent was last swept for each prefix. */
  private static final Map<Path, Long> LAST_SWEEP = new ConcurrentHashMap<>();
  private static final long PID = ProcessHandle.current().pid();
  /** A record is a few lines and one per part file; a bigger file is not one of ours. */
  private static final long MAX_RECORD_BYTES = 1 << 20;

  private final Path dir;
  private final FileChannel owner;
  private final FileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OwnedTempDir(Path dir, FileChannel owner, FileLock lock) {
    this.dir = dir;
    this.owner = owner;
    this.lock = lock;
  }

  /**
   * Sweeps {@code parent} of leftovers of ended processes (at most every {@link #SWEEP_EVERY} per
   * parent and prefix), then creates a directory named {@code prefix + pid + "-" + random} in it (and the parent,
   * if missing), owned by this process until {@link #close()}.
   *
   * @throws IOException when the directory or its owner record cannot be written
   */
  public static OwnedTempDir create(Path parent, String prefix) throws IOException {
    Files.createDirectories(parent);
    Path normal = parent.toAbsolutePath().normalize();
    long now = System.nanoTime();
    Path swept = normal.resolve(prefix);
    Long last = LAST_SWEEP.get(swept);
    if (last == null || now - last >= SWEEP_EVERY.toNanos()) {
      LAST_SWEEP.put(swept, now);
      sweep(normal, prefix, host(), Processes.SYSTEM);
    }
    Path dir = Files.createTempDirectory(normal, prefix + PID + "-");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(dir.resolve(OWNER), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = channel.lock();
      Owner record = new Owner(host(), PID, Processes.SYSTEM.start(PID).orElse(null));
      write(channel, record.text());
      return new OwnedTempDir(dir, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        closeQuietly(channel);
      }
      deleteTree(dir, null);
      throw e;
    }
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /**
   * Records {@code part}, a hidden {@code .part} file outside the directory that this process may
   * leave behind, so that a sweep after this process was killed deletes it too. Nothing else is
   * accepted: a sweep deletes nothing a user could have named.
   *
   * @throws IllegalArgumentException when {@code part}'s name is not hidden or does not end in {@code .part}
   */
  public synchronized void noteOutside(Path part) {
    if (!isPartName(part)) {
      throw new IllegalArgumentException("only a hidden .part file can be noted, not " + part);
    }
    if (closed.get()) {
      return;
    }
    try {
      write(owner, "part " + part.toAbsolutePath().normalize() + "\n");
    } catch (IOException e) {
      // The job goes on: only a kill of this process would need the line, and then the part is left as before.
      LOG.warn("cannot record {} in {}: a kill of this process would leave it behind: {}", part, dir, e.toString());
    }
  }

  /** Deletes the directory and everything in it; idempotent. Failures are logged with the path. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      deleteTree(dir, dir.resolve(OWNER)); // the record last: a kill mid-way leaves it for the next sweep
      release(lock, owner);
      delete(dir.resolve(OWNER));
      delete(dir);
    }
  }

  /** Removes {@code parent}'s directories named {@code prefix<pid>-...} whose owner has ended. */
  static void sweep(Path parent, String prefix, String host, Processes processes) {
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, prefix + "*")) {
      children.forEach(candidates::add);
    } catch (IOException e) {
      LOG.debug("cannot list {} for leftovers of ended jobs: {}", parent, e.toString());
      return;
    }
    for (Path candidate : candidates) {
      Long pid = pidOf(candidate.getFileName().toString(), prefix);
      if (pid != null && pid != PID && Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
        sweepOne(candidate, pid, host, processes);
      }
    }
  }

  private static void sweepOne(Path candidate, long pid, String host, Processes processes) {
    Path ownerFile = candidate.resolve(OWNER);
    try (FileChannel channel = FileChannel.open(ownerFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock held = tryLock(channel);
      if (held == null) {
        return; // its process is running
      }
      try {
        List<String> lines = List.of(read(channel).split("\n"));
        Owner record = Owner.parse(lines);
        if (record == null || record.pid() != pid || !record.ended(host, processes)) {
          return;
        }
        for (String line : lines) {
          if (line.startsWith("part ")) {
            Path part = Path.of(line.substring("part ".length()));
            if (isPartName(part) && Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
              delete(part);
            }
          }
        }
        deleteTree(candidate, ownerFile);
      } finally {
        held.release();
      }
    } catch (NoSuchFileException e) {
      return; // no record yet (its owner is creating it) or already swept by another process
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot sweep {}: {}", candidate, e.toString());
      return;
    }
    delete(ownerFile);
    if (delete(candidate)) {
      LOG.info("removed {}, left by process {} which ended before cleaning up", candidate, pid);
    }
  }

  private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held in this JVM (another copy of Montage in another class loader)
    }
  }

  /** The process id in {@code name} ({@code prefix<pid>-...}), or null when it has none. */
  static @Nullable Long pidOf(String name, String prefix) {
    if (!name.startsWith(prefix)) {
      return null;
    }
    int dash = name.indexOf('-', prefix.length());
    if (dash <= prefix.length()) {
      return null;
    }
    try {
      return Long.parseLong(name.substring(prefix.length(), dash));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isPartName(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().startsWith(".") && name.toString().endsWith(PART_SUFFIX)
        && name.toString().length() > 1 + PART_SUFFIX.length();
  }

  /** This machine's name, read without a network lookup; empty when the system does not say. */
  static String host() {
    try {
      Path proc = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(proc)) {
        return Files.readString(proc).strip();
      }
    } catch (IOException e) {
      LOG.debug("cannot read the host name: {}", e.toString());
    }
    String windows = System.getenv("COMPUTERNAME");
    if (windows != null) {
      return windows;
    }
    String unix = System.getenv("HOSTNAME");
    return unix == null ? "" : unix;
  }

  /** The whole file through {@code channel} (not a second channel: closing one would drop the lock). */
  private static String read(FileChannel channel) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(channel.size(), MAX_RECORD_BYTES));
    long at = 0;
    while (bytes.hasRemaining()) {
      int n = channel.read(bytes, at);
      if (n < 0) {
        break;
      }
      at += n;
    }
    return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
  }

  private static void write(FileChannel channel, String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    long at = channel.size();
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
  }

  private static void release(FileLock lock, FileChannel channel) {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.debug("cannot release {}: {}", lock, e.toString());
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.warn("cannot close a temp directory's owner record: {}", e.toString());
    }
  }

  /** Deletes {@code path} and what is under it, except {@code keep} (and the directories holding it). */
  private static void deleteTree(Path path, @Nullable Path keep) {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) {
          deleteTree(child, keep);
        }
      } catch (NoSuchFileException e) {
        return;
      } catch (IOException e) {
        LOG.warn("cannot list temp dir {} for cleanup: {}", path, e.toString());
      }
    }
    if (keep == null || !keep.startsWith(path)) {
      delete(path);
    }
  }

  private static boolean delete(Path path) {
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot delete temp file {}: {}", path, e.toString());
      return false;
    }
  }

  /** Who owns a directory: the record's first lines. */
  record Owner(String host, long pid, @Nullable Instant start) {

    /** Starts within this much are the same process (the system's clock ticks are coarse). */
    static final Duration SAME_START = Duration.ofSeconds(1);

    String text() {
      return HEADER + "\nhost " + host + "\npid " + pid + "\nstart " + (start == null ? "-" : start.toString()) + "\n";
    }

    /** The record in {@code lines}, or null when it is incomplete (being written) or not ours. */
    static @Nullable Owner parse(List<String> lines) {
      if (lines.size() < 4 || !lines.get(0).equals(HEADER) || !lines.get(1).startsWith("host ")
          || !lines.get(2).startsWith("pid ") || !lines.get(3).startsWith("start ")) {
        return null;
      }
      try {
        String start = lines.get(3).substring("start ".length());
        return new Owner(lines.get(1).substring("host ".length()), Long.parseLong(lines.get(2).substring("pid ".length())),
            start.equals("-") ? null : Instant.parse(start));
      } catch (RuntimeException e) {
        return null;
      }
    }

    /** Whether this owner has ended, seen from a process on {@code thisHost} that sees {@code processes}. */
    boolean ended(String thisHost, Processes processes) {
      if (!host.equals(thisHost)) {
        return false;
      }
      if (!processes.running(pid)) {
        return true;
      }
      Optional<Instant> now = processes.start(pid);
      // Running with the id: the owner only if it started then (a start unknown on either side: keep it).
      return start != null && now.isPresent() && Duration.between(start, now.get()).abs().compareTo(SAME_START) > 0;
    }
  }

  /** The running processes, as a sweep asks about them (a test answers for made-up ones). */
  interface Processes {
    Processes SYSTEM = new Processes() {
      @Override
      public boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      }

      @Override
      public Optional<Instant> start(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().startInstant());
      }
    };

    /** Whether a process with this id runs now. */
    boolean running(long pid);

    /** When the process with this id started, where the system says. */
    Optional<Instant> start(long pid);
  }
}
