package dev.montage.core.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
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
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * and a 4K job's segments are gigabytes. So the directory is named
 * {@code <prefix><pid>-<start millis>-<random>} and holds a {@code .owner} file that its process
 * keeps locked for the directory's life and that records the host, the process id, the process's
 * start and any hidden {@code .part} file the job wrote elsewhere (its output before the move).
 * Creating a directory then sweeps the parent: a sibling with the same prefix is removed only when
 * it belongs to the same user and no one else may write in it, its lock is free, its record names
 * this host, and that process is no longer running (absent, or a different process under a reused
 * id, as after a container's restart). The checks are more than a local disk needs: the lock alone
 * can be a no-op on a network file system, and the host and the process stand in there; the owner
 * and the permissions keep another user's planted record from naming this user's files. A directory
 * without a complete record, or of this very process, is never touched (its owner may be between two
 * steps of creating it; and closing any handle on a file drops this process's own POSIX locks on it,
 * so this process never opens its own {@code .owner} files twice). A directory that cannot be emptied
 * keeps its record, so that a later sweep tries again. The record is written through a
 * {@link RandomAccessFile}'s stream methods and the lock taken with the interrupt flag set aside:
 * an interrupt would close a channel, drop the lock and fail a job's start as a disk error.
 * Sweeping is hygiene: a failure is logged, never thrown.
 */
public final class OwnedTempDir implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OwnedTempDir.class);
  private static final String OWNER = ".owner";
  private static final String HEADER = "montage-owner 1";
  private static final String PART = "part ";
  private static final String PART_SUFFIX = ".part";
  /** How often one parent is swept for one prefix: leftovers only appear when a process dies, a rare event. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(10);
  /** A record is a few lines and one per part file; a bigger file is not one of ours. */
  private static final long MAX_RECORD_BYTES = 1 << 20;
  /** When each parent was last swept for each prefix ({@link System#nanoTime()}). */
  private static final Map<Path, Long> LAST_SWEEP = new ConcurrentHashMap<>();
  private static final long PID = ProcessHandle.current().pid();
  private static final @Nullable Instant START = Processes.SYSTEM.start(PID).orElse(null);

  private final Path dir;
  private final RandomAccessFile owner;
  private final FileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OwnedTempDir(Path dir, RandomAccessFile owner, FileLock lock) {
    this.dir = dir;
    this.owner = owner;
    this.lock = lock;
  }

  /**
   * Creates a directory named {@code prefix + pid + "-" + start + "-" + random} in {@code parent}
   * (created if missing), owned by this process until {@link #close()}; then sweeps {@code parent}
   * of what ended processes left under the same prefix (at most every {@link #SWEEP_EVERY} per parent
   * and prefix). The calling thread's interrupt flag is kept, not acted on.
   *
   * @throws IOException when the directory or its owner record cannot be written
   */
  public static OwnedTempDir create(Path parent, String prefix) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      Files.createDirectories(parent);
      Path normal = parent.toAbsolutePath().normalize();
      OwnedTempDir created = createIn(normal, prefix);
      if (sweepDue(normal.resolve(prefix), System.nanoTime())) {
        UserPrincipal user = ownerOf(created.dir);
        if (user != null) {
          sweep(normal, prefix, host(), Processes.SYSTEM, user);
        }
      }
      return created;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A directory kept for this JVM's life: {@link #create created} in {@code java.io.tmpdir} and
   * closed {@link #closeAtExit at exit} by a shutdown hook named {@code montage-<role>-cleanup}
   * (earlier if its owner closes it).
   *
   * @throws IOException when the directory or its owner record cannot be written
   */
  public static OwnedTempDir createForThisJvm(String prefix, String role) throws IOException {
    OwnedTempDir dir = create(Path.of(System.getProperty("java.io.tmpdir")), prefix);
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(dir::closeAtExit, "montage-" + role + "-cleanup"));
    } catch (IllegalStateException e) {
      dir.close();
      throw new IOException("the JVM is shutting down; " + prefix + " directories are no longer made", e);
    }
    return dir;
  }

  private static OwnedTempDir createIn(Path parent, String prefix) throws IOException {
    Path dir = Files.createTempDirectory(parent, prefix + PID + "-" + millis(START) + "-");
    RandomAccessFile file = null;
    try {
      file = new RandomAccessFile(Files.createFile(dir.resolve(OWNER)).toFile(), "rw");
      FileLock lock = file.getChannel().lock();
      file.write(new Owner(host(), PID, START).text().getBytes(StandardCharsets.UTF_8));
      return new OwnedTempDir(dir, file, lock);
    } catch (IOException | RuntimeException e) {
      if (file != null) {
        closeQuietly(file);
      }
      deleteTree(dir, null, new ArrayList<>());
      throw e;
    }
  }

  /** Who owns {@code dir}, or null where the file system does not say (then nothing is swept). */
  private static @Nullable UserPrincipal ownerOf(Path dir) {
    try {
      return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot tell who owns {}, so its siblings are not swept: {}", dir, e.toString());
      return null;
    }
  }

  /** Whether {@code key} was not swept for {@link #SWEEP_EVERY}; if so, it counts as swept now (one thread wins). */
  private static boolean sweepDue(Path key, long now) {
    boolean[] due = {false};
    LAST_SWEEP.compute(key, (swept, last) -> {
      due[0] = last == null || now - last >= SWEEP_EVERY.toNanos();
      return due[0] ? Long.valueOf(now) : last;
    });
    return due[0];
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
      owner.seek(owner.length());
      owner.write((PART + part.toAbsolutePath().normalize() + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The job goes on: only a kill of this process would need the line, and then the part is left as before.
      LOG.warn("cannot record {} in {}: a kill of this process would leave it behind: {}", part, dir, e.toString());
    }
  }

  /** The part files {@link #noteOutside noted} so far: what a sweep would delete beside the directory. */
  public synchronized List<Path> notedParts() {
    if (closed.get()) {
      return List.of();
    }
    try {
      return parts(List.of(read(owner).split("\n")));
    } catch (IOException e) {
      LOG.warn("cannot read the record of {}: {}", dir, e.toString());
      return List.of();
    }
  }

  /**
   * Deletes the directory and everything in it; idempotent. What could not be deleted keeps its
   * record, for a later sweep, and is logged (one warning, naming the first path and why).
   */
  @Override
  public void close() {
    close(false);
  }

  /**
   * {@link #close()} as a shutdown hook does it: what the JVM still holds open (Java2D's fonts, which
   * Windows will not let go of) is left for the next sweep with a debug line, not a warning at every exit.
   */
  public void closeAtExit() {
    close(true);
  }

  private void close(boolean atExit) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      Path record = dir.resolve(OWNER);
      List<String> failures = new ArrayList<>();
      boolean emptied = deleteTree(dir, record, failures); // the record last: a kill mid-way leaves it for the next sweep
      release(lock, owner);
      if (emptied) {
        delete(record);
        delete(dir);
      } else if (atExit) {
        LOG.debug("left {} entries in {} for the next sweep (first: {})", failures.size(), dir, failures.get(0));
      } else {
        LOG.warn("could not delete {} entries in {} (first: {}); the next job using this temp dir removes them",
            failures.size(), dir, failures.isEmpty() ? "-" : failures.get(0));
      }
    }
  }

  /** Removes {@code parent}'s directories named {@code prefix<pid>-<start>-...} whose owner has ended. */
  static void sweep(Path parent, String prefix, String host, Processes processes, UserPrincipal user) {
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, prefix + "*")) {
      children.forEach(candidates::add);
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      LOG.debug("cannot list {} for leftovers of ended jobs: {}", parent, e.toString());
      return;
    }
    for (Path candidate : candidates) {
      Name name = Name.parse(candidate.getFileName().toString(), prefix);
      if (name != null && !name.isThisProcess() && isPrivateTo(candidate, user)) {
        sweepOne(candidate, name.pid(), host, processes);
      }
    }
  }

  /** Whether {@code candidate} is a directory of {@code user}'s that no one else may write in. */
  private static boolean isPrivateTo(Path candidate, UserPrincipal user) {
    try {
      if (!Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)
          || !Files.getOwner(candidate, LinkOption.NOFOLLOW_LINKS).equals(user)) {
        return false;
      }
      PosixFileAttributeView posix =
          Files.getFileAttributeView(candidate, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (posix == null) {
        return true; // Windows: the owner alone (a temp dir under the user's profile)
      }
      Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
      return !permissions.contains(PosixFilePermission.GROUP_WRITE)
          && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void sweepOne(Path candidate, long pid, String host, Processes processes) {
    Path record = candidate.resolve(OWNER);
    boolean emptied;
    // Opened without CREATE: a record that is not there yet is its owner's to create (a "rw"
    // RandomAccessFile would create it empty, and the owner's createFile would then fail its job).
    try (FileChannel file = FileChannel.open(record, StandardOpenOption.READ, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      FileLock held = tryLock(file);
      if (held == null) {
        return; // its process is running
      }
      try {
        List<String> lines = List.of(read(file).split("\n"));
        Owner owner = Owner.parse(lines);
        if (owner == null || owner.pid() != pid || !owner.ended(host, processes)) {
          return;
        }
        for (Path part : parts(lines)) {
          if (Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS)) {
            delete(part);
          }
        }
        List<String> failures = new ArrayList<>();
        emptied = deleteTree(candidate, record, failures);
        if (!emptied) {
          LOG.debug("could not delete {} entries in {} (first: {}); a later sweep tries again", failures.size(),
              candidate, failures.get(0));
        }
      } finally {
        held.release();
      }
    } catch (NoSuchFileException e) {
      return; // no record yet (its owner is creating it) or already swept by another process
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot sweep {}: {}", candidate, e.toString());
      return;
    }
    if (emptied && delete(record) && delete(candidate)) {
      LOG.info("removed {}, left by process {} which ended before cleaning up", candidate, pid);
    }
  }

  private static @Nullable FileLock tryLock(FileChannel file) throws IOException {
    try {
      return file.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held in this JVM (another copy of Montage in another class loader)
    }
  }

  /** The hidden part files named in a record's {@code lines}. */
  private static List<Path> parts(List<String> lines) {
    List<Path> parts = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith(PART)) {
        Path part = Path.of(line.substring(PART.length()));
        if (isPartName(part)) {
          parts.add(part);
        }
      }
    }
    return parts;
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

  private static long millis(@Nullable Instant start) {
    return start == null ? 0 : start.toEpochMilli();
  }

  /** The whole record through {@code file} (not a second handle: closing one would drop the lock). */
  private static String read(FileChannel file) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(file.size(), MAX_RECORD_BYTES));
    while (bytes.hasRemaining() && file.read(bytes, bytes.position()) >= 0) {
      // until the record (or its first MAX_RECORD_BYTES) is read
    }
    return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
  }

  private static String read(RandomAccessFile file) throws IOException {
    byte[] bytes = new byte[(int) Math.min(file.length(), MAX_RECORD_BYTES)];
    file.seek(0);
    file.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void release(FileLock lock, RandomAccessFile file) {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.debug("cannot release {}: {}", lock, e.toString());
    }
    closeQuietly(file);
  }

  private static void closeQuietly(RandomAccessFile file) {
    try {
      file.close();
    } catch (IOException e) {
      LOG.warn("cannot close a temp directory's owner record: {}", e.toString());
    }
  }

  /**
   * Deletes {@code path} and what is under it, except {@code keep} (and the directories holding it);
   * whether all went. What did not is added to {@code failures} (path and reason) for the caller to report.
   */
  private static boolean deleteTree(Path path, @Nullable Path keep, List<String> failures) {
    boolean all = true;
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) {
          all &= deleteTree(child, keep, failures);
        }
      } catch (NoSuchFileException e) {
        return true;
      } catch (IOException e) {
        failures.add(path + ": " + e);
        all = false;
      }
    }
    if (keep == null || !keep.startsWith(path)) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        failures.add(path + ": " + e);
        all = false;
      }
    }
    return all;
  }

  private static boolean delete(Path path) {
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("cannot delete temp file {}: {}", path, e.toString());
      return false;
    }
  }

  /** A directory's name: whose process made it. */
  record Name(long pid, long startMillis) {

    /** The name {@code prefix<pid>-<start millis>-<random>}, or null when {@code name} is not one. */
    static @Nullable Name parse(String name, String prefix) {
      if (!name.startsWith(prefix)) {
        return null;
      }
      String[] parts = name.substring(prefix.length()).split("-", -1);
      if (parts.length != 3 || parts[2].isEmpty()) {
        return null;
      }
      try {
        return new Name(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /** Whether this JVM made the directory (its {@code .owner} files are never opened twice here). */
    boolean isThisProcess() {
      return pid == PID && startMillis == millis(START);
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
