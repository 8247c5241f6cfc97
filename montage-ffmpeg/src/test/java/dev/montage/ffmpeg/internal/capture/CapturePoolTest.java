package dev.montage.ffmpeg.internal.capture;

import dev.montage.core.SourceAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.montage.core.RenderTimeoutException;
import dev.montage.ffmpeg.internal.media.Streams;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reuse, LRU eviction, the idle timeout and the limits of the capture pool, on a clock the test
 * moves. Every lease opens FFmpeg, so the sources are one tiny synthetic file under three names
 * (the pool keys grabbers by path). Grabbers are counted through the native ledger.
 */
@CheckLeaks
class CapturePoolTest {

  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  static Path dir;

  static Path a;
  static Path b;
  static Path c;

  final AtomicLong clock = new AtomicLong(42_000_000_000L);
  CapturePool pool;
  int ledgerBefore;

  @BeforeAll
  static void sources() throws Exception {
    Path media = SyntheticMedia.cached(SyntheticSpec.of(64, 48, 25, Duration.ofMillis(400)));
    a = Files.copy(media, dir.resolve("a.mp4"));
    b = Files.copy(media, dir.resolve("b.mp4"));
    c = Files.copy(media, dir.resolve("c.mp4"));
    // Opens FFmpeg once outside the leak checks: its first use loads libraries and caches.
    try (CapturePool warm = new CapturePool(1, Duration.ZERO, Duration.ZERO, System::nanoTime, Decoding.sandboxed(48_000, 2));
        GrabberLease lease = warm.acquire(a, -1)) {
      lease.grabber();
    }
  }

  @BeforeEach
  void countLedger() {
    ledgerBefore = NativeLedger.INSTANCE.openCount();
  }

  @AfterEach
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }

  CapturePool pool(int maxOpen, int maxIdle, Duration maxWait) {
    pool = new CapturePool(maxOpen, maxIdle, maxWait, IDLE_TIMEOUT, clock::get,
        new Decoding(48_000, 2, 1, SourceAccess.LOCAL_FILES));
    return pool;
  }

  int grabbersOpen() {
    return NativeLedger.INSTANCE.openCount() - ledgerBefore;
  }

  static FFmpegFrameGrabber grabberOf(GrabberLease lease) {
    return lease.grabber();
  }

  @Test
  void acquire_reusesTheIdleGrabberOfTheSameFile() throws Exception {
    CapturePool pool = pool(4, 4, Duration.ZERO);
    long openedBefore = NativeLedger.INSTANCE.openedEver();
    FFmpegFrameGrabber first;
    try (GrabberLease lease = pool.acquire(a, 0)) {
      first = grabberOf(lease);
    }
    assertEquals(1, pool.openCount(), "returned, kept idle");
    try (GrabberLease lease = pool.acquire(dir.resolve("x/../a.mp4"), 1)) {
      assertSame(first, grabberOf(lease), "same file, same grabber (paths are normalised)");
    }
    assertEquals(1, NativeLedger.INSTANCE.openedEver() - openedBefore, "opened once");
    assertEquals(1, grabbersOpen());
  }

  @Test
  void acquire_keepsAnIdleGrabberUntilTheIdleTimeoutAndClosesItThen() throws Exception {
    CapturePool pool = pool(4, 4, Duration.ZERO);
    FFmpegFrameGrabber first;
    try (GrabberLease lease = pool.acquire(a, 0)) {
      first = grabberOf(lease);
    }
    clock.addAndGet(IDLE_TIMEOUT.toNanos() - 1);
    try (GrabberLease lease = pool.acquire(a, 0)) {
      assertSame(first, grabberOf(lease), "one nanosecond before the timeout it is reused");
    }
    clock.addAndGet(IDLE_TIMEOUT.toNanos());
    try (GrabberLease lease = pool.acquire(b, 1)) {
      assertEquals(1, pool.openCount(), "the idle grabber of a expired at exactly the timeout");
      assertEquals(1, grabbersOpen());
    }
    try (GrabberLease lease = pool.acquire(a, 0)) {
      assertNotSame(first, grabberOf(lease), "a is opened afresh");
    }
  }

  @Test
  void packetLeases_takeAnyIdleGrabber_butDecodingLeasesNeverGetAPacketsOnlyOne() throws Exception {
    CapturePool pool = pool(4, 4, Duration.ZERO);
    FFmpegFrameGrabber full;
    try (GrabberLease lease = pool.acquire(a, 0)) {
      full = grabberOf(lease);
    }
    FFmpegFrameGrabber packetsOnly;
    try (GrabberLease decoding = pool.acquire(a, 0); GrabberLease packets = pool.leasePackets(a, 0)) {
      assertSame(full, grabberOf(decoding));
      packetsOnly = grabberOf(packets);
      assertNotSame(full, packetsOnly, "a second grabber is opened while the first is leased");
      assertTrue(packets.grabber().grabPacket() != null, "it reads packets");
    }
    try (GrabberLease decoding = pool.acquire(a, 0); GrabberLease other = pool.acquire(a, 0)) {
      assertSame(full, grabberOf(decoding));
      assertNotSame(packetsOnly, grabberOf(other), "no decoding lease gets the packets-only grabber");
    }
    try (GrabberLease packets = pool.leasePackets(a, 0)) {
      assertTrue(grabberOf(packets) == full || grabberOf(packets) == packetsOnly, "a packet lease takes an idle one");
    }
  }

  @Test
  void packetsOnly_skipsStreamAnalysis_onlyInMp4AndMov() throws Exception {
    assertTrue(TrackedGrabber.isIsoMedia(a));
    Path notMp4 = Files.write(dir.resolve("not-mp4.mkv"), new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0, 0, 0, 0});
    assertEquals(false, TrackedGrabber.isIsoMedia(notMp4));
    assertEquals(false, TrackedGrabber.isIsoMedia(dir.resolve("missing.mp4")));
  }

  @Test
  void release_closesIdleGrabbersThatExpired() throws Exception {
    CapturePool pool = pool(4, 4, Duration.ZERO);
    pool.acquire(a, 0).close();
    GrabberLease leaseB = pool.acquire(b, 1);
    clock.addAndGet(IDLE_TIMEOUT.toNanos());
    leaseB.close();
    assertEquals(1, pool.openCount(), "a expired and was closed on release; b stays idle");
    assertEquals(1, grabbersOpen());
  }

  @Test
  void acquire_evictsTheLeastRecentlyUsedIdleGrabberWhenFull() throws Exception {
    CapturePool pool = pool(2, 2, Duration.ZERO);
    GrabberLease leaseA = pool.acquire(a, 0);
    GrabberLease leaseB = pool.acquire(b, 1);
    FFmpegFrameGrabber grabberB = grabberOf(leaseB);
    leaseA.close();
    clock.addAndGet(1_000);
    leaseB.close(); // idle now: b (recent), a (least recent)
    try (GrabberLease leaseC = pool.acquire(c, 2)) {
      assertEquals(2, pool.openCount());
      try (GrabberLease again = pool.acquire(b, 1)) {
        assertSame(grabberB, grabberOf(again), "b was kept; a, used least recently, was evicted");
      }
    }
    assertEquals(2, grabbersOpen());
  }

  @Test
  void acquire_failsFastWhenEverySlotIsLeased() throws Exception {
    CapturePool pool = pool(1, 1, Duration.ZERO);
    try (GrabberLease held = pool.acquire(a, 0)) {
      RenderTimeoutException timeout = assertThrows(RenderTimeoutException.class, () -> pool.acquire(b, 5));
      assertTrue(timeout.getMessage().contains("capture slots"), timeout.getMessage());
      assertEquals(java.util.OptionalInt.of(5), timeout.clipIndex());
      assertEquals(1, pool.openCount(), "a failed acquire holds no slot");
    }
    try (GrabberLease lease = pool.acquire(b, 5)) {
      assertEquals(1, pool.openCount(), "the idle a made room for b");
    }
  }

  @Test
  void release_keepsAtMostMaxIdle() throws Exception {
    CapturePool pool = pool(4, 1, Duration.ZERO);
    GrabberLease leaseA = pool.acquire(a, 0);
    GrabberLease leaseB = pool.acquire(b, 1);
    leaseA.close();
    leaseB.close();
    assertEquals(1, pool.openCount());
    assertEquals(1, grabbersOpen());
  }

  @Test
  void release_closesDiscardedGrabbers() throws Exception {
    CapturePool pool = pool(4, 4, Duration.ZERO);
    GrabberLease lease = pool.acquire(a, 0);
    lease.discard();
    lease.close();
    lease.close(); // idempotent: no second release
    assertEquals(0, pool.openCount());
    assertEquals(0, grabbersOpen());
    assertThrows(IllegalStateException.class, lease::grabber);
  }

  @Test
  void close_closesIdleGrabbersNowAndLeasedOnesOnReturn() throws Exception {
    CapturePool pool = pool(4, 4, Duration.ZERO);
    pool.acquire(a, 0).close();
    GrabberLease leaseB = pool.acquire(b, 1);
    pool.close();
    assertEquals(1, grabbersOpen(), "idle a closed, leased b still open");
    assertThrows(IllegalStateException.class, () -> pool.acquire(c, 2));
    leaseB.close();
    assertEquals(0, grabbersOpen());
    assertEquals(0, pool.openCount());
  }

  @Test
  void limit_closesIdleGrabbersBeyondTheNewLimitsAndPutsTheOldOnesBack() throws Exception {
    CapturePool pool = pool(4, 4, Duration.ZERO);
    GrabberLease leaseA = pool.acquire(a, 0);
    GrabberLease leaseB = pool.acquire(b, 1);
    GrabberLease leaseC = pool.acquire(c, 2);
    leaseA.close();
    leaseB.close();
    leaseC.close();
    try (CapturePool.Limits narrowed = pool.limit(2, 1)) {
      assertEquals(1, pool.openCount());
      assertEquals(2, pool.maxOpen());
      assertEquals(1, pool.maxIdle());
      try (CapturePool.Limits widened = pool.limit(6, 5)) {
        assertEquals(6, pool.maxOpen());
        assertEquals(5, pool.maxIdle());
      }
      assertEquals(2, pool.maxOpen(), "the inner scope put back the outer one's limits");
      narrowed.close();
      narrowed.close();
    }
    assertEquals(4, pool.maxOpen());
    assertEquals(4, pool.maxIdle());
    assertThrows(IllegalArgumentException.class, () -> pool.limit(0, 1));
  }

  @Test
  void constructor_refusesNoSlots() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CapturePool(0, Duration.ZERO, IDLE_TIMEOUT, clock::get, Decoding.sandboxed(48_000, 2)));
    assertEquals("maxOpen must be >= 1 but was 0", e.getMessage());
  }

  @Test
  void awaitNoLeases_trueAtOnceWithoutLeases() throws Exception {
    CapturePool pool = pool(2, 2, Duration.ZERO);
    pool.acquire(a, 0).close();
    assertTrue(pool.awaitNoLeases(Duration.ZERO));
  }

  @Test
  void returnedGrabber_deliversEveryStreamAgain_afterALeaseReadOnlyOne() throws Exception {
    CapturePool pool = pool(2, 2, Duration.ofSeconds(1));
    FFmpegFrameGrabber first;
    try (GrabberLease lease = pool.acquire(a, -1)) {
      first = lease.grabber();
      Streams.readOnly(first, Streams.video(first, a).index());
      int audioIndex = java.util.Objects.requireNonNull(Streams.audio(first)).index();
      assertEquals(org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL,
          first.getFormatContext().streams(audioIndex).discard());
    }
    try (GrabberLease lease = pool.acquire(a, -1)) {
      assertSame(first, lease.grabber());
      org.bytedeco.ffmpeg.avformat.AVFormatContext context = lease.grabber().getFormatContext();
      for (int i = 0; i < context.nb_streams(); i++) {
        assertEquals(org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT, context.streams(i).discard(), "stream " + i);
      }
    }
  }
}
