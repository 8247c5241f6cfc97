package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.montage.core.Progress;
import dev.montage.core.ProgressListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@CheckLeaks
class FaultyMediaTest {

  private static final SyntheticSpec SOURCE = SyntheticSpec.of(160, 120, 25, Duration.ofSeconds(2));

  @TempDir Path dir;
  private Path valid;

  @BeforeEach
  void copyValidSource() throws IOException {
    valid = Files.copy(SyntheticMedia.cached(SOURCE), dir.resolve("valid.mp4"));
  }

  @Test
  void missing_doesNotExistAndDiffersEachTime() {
    Path first = FaultyMedia.missing(dir);
    Path second = FaultyMedia.missing(dir);

    assertFalse(Files.exists(first));
    assertNotEquals(first, second);
    assertFalse(opens(first));
  }

  @Test
  void zeroBytes_isEmptyAndDoesNotOpen() throws IOException {
    Path file = FaultyMedia.zeroBytes(dir);

    assertEquals(0, Files.size(file));
    assertFalse(opens(file));
  }

  @Test
  void truncated_opensButEndsEarly() throws Exception {
    Path file = FaultyMedia.truncated(dir, valid);

    assertEquals((long) (Files.size(valid) * 0.4), Files.size(file));
    assertTrue(file.getFileName().toString().startsWith("truncated-"));
    assertTrue(opens(file), "index at the front: the cut copy still opens");
    int frames = decodableFrames(file);
    assertTrue(frames < SOURCE.frameCount(), "decoded " + frames + " of " + SOURCE.frameCount());
  }

  @Test
  void noMoov_keepsTheMediaDataButNotTheIndex() throws IOException {
    Path file = FaultyMedia.noMoov(dir, valid);

    assertTrue(file.getFileName().toString().startsWith("no-moov-"));
    assertTrue(Files.size(file) > Files.size(valid) / 2, "the media data is all there");
    assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("moov"));
    assertFalse(opens(file));
    try (var left = Files.list(dir)) {
      assertEquals(2, left.count(), "only the source and the cut copy remain");
    }
  }

  @Test
  void undecodableVideo_isDemuxedButHasNoDecoder() throws Exception {
    Path file = FaultyMedia.undecodableVideo(dir);

    AVFormatContext context = new AVFormatContext(null);
    assertEquals(0, avformat.avformat_open_input(context, file.toString(), null, null));
    try {
      int codec = context.streams(0).codecpar().codec_id();
      assertEquals("avs3", avcodec.avcodec_get_name(codec).getString());
      assertNull(avcodec.avcodec_find_decoder(codec));
    } finally {
      avformat.avformat_close_input(context);
    }
    assertFalse(opens(file), "JavaCV's grabber needs a decoder");
  }

  @Test
  void truncated_rejectsFractionsOutsideZeroToOne() {
    assertThrows(IllegalArgumentException.class, () -> FaultyMedia.truncated(dir, valid, 1.0));
    assertThrows(IllegalArgumentException.class, () -> FaultyMedia.truncated(dir, valid, 0));
  }

  @Test
  void corruptHeader_keepsTheRestAndDoesNotOpen() throws IOException {
    Path file = FaultyMedia.corruptHeader(dir, valid);

    byte[] original = Files.readAllBytes(valid);
    byte[] corrupt = Files.readAllBytes(file);
    assertEquals(original.length, corrupt.length);
    assertFalse(Arrays.equals(Arrays.copyOf(original, 4096), Arrays.copyOf(corrupt, 4096)));
    assertArrayEquals(Arrays.copyOfRange(original, 4096, original.length),
        Arrays.copyOfRange(corrupt, 4096, corrupt.length));
    assertFalse(opens(file));
  }

  @Test
  void garbage_isRandomBytesNamedMp4() throws IOException {
    Path file = FaultyMedia.garbage(dir);

    assertEquals(FaultyMedia.GARBAGE_BYTES, Files.size(file));
    assertTrue(file.toString().endsWith(".mp4"));
    assertFalse(opens(file));
  }

  @Test
  void audioOnly_hasAnAacStreamAndNoVideo() throws Exception {
    Path file = FaultyMedia.audioOnly(dir);

    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    try {
      grabber.start();
      assertFalse(grabber.hasVideo());
      assertTrue(grabber.hasAudio());
      assertEquals("aac", grabber.getAudioCodecName());
      assertEquals(1_000_000, grabber.getLengthInTime(), 30_000);
      assertEquals(null, grabber.grabImage());
    } finally {
      grabber.release();
    }
  }

  @Test
  void unreadable_hasNoPermissions() throws IOException {
    Path file = FaultyMedia.unreadable(dir, valid);

    assertEquals(PosixFilePermissions.fromString("---------"), Files.getPosixFilePermissions(file));
    assumeTrue(FaultyMedia.canMakeUnreadable(), "running as root: permissions do not stop reads");
    assertThrows(AccessDeniedException.class, () -> Files.newInputStream(file).close());
    assertFalse(opens(file));
  }

  @Test
  void canMakeUnreadable_isFalseForRoot() {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      assertFalse(FaultyMedia.canMakeUnreadable());
    }
  }

  @Test
  void deleteDuring_deletesOnceWhenTheProgressFractionIsReached() {
    Path victim = FaultyMedia.truncated(dir, valid, 0.5);
    ProgressListener listener = FaultyMedia.atProgress(0.5, FaultyMedia.deleteDuring(victim));

    listener.onProgress(new Progress(10, 100, 1, 4, null));
    assertTrue(Files.exists(victim));
    listener.onProgress(new Progress(50, 100, 2, 4, null));
    assertFalse(Files.exists(victim));
    listener.onProgress(new Progress(90, 100, 4, 4, null));
  }

  @Test
  void truncateDuring_cutsAFileThatIsAlreadyOpen() throws Exception {
    Path victim = Files.copy(valid, dir.resolve("victim.mp4"));
    Runnable cut = FaultyMedia.truncateDuring(victim);
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(victim.toFile());
    try {
      grabber.start();
      assertEquals(0, SyntheticMedia.readFrameIndex(grabber.grabImage()));
      cut.run();
      cut.run();
      assertEquals(0, Files.size(victim));
      int more = 0;
      try {
        while (grabber.grabImage() != null) {
          more++;
        }
      } catch (FrameGrabber.Exception expected) {
        // A read error is as good as an early end: the file changed under the grabber.
        more = -1;
      }
      assertTrue(more < SOURCE.frameCount() - 1, "decoded " + more + " more frames after the cut");
    } finally {
      grabber.release();
    }
  }

  @Test
  void makeUnreadableDuring_revokesPermissions() throws IOException {
    Path victim = Files.copy(valid, dir.resolve("victim.mp4"));

    FaultyMedia.makeUnreadableDuring(victim).run();

    assertEquals(PosixFilePermissions.fromString("---------"), Files.getPosixFilePermissions(victim));
  }

  @Test
  void atProgress_firesOnceAtTheFraction() {
    AtomicInteger runs = new AtomicInteger();
    ProgressListener listener = FaultyMedia.atProgress(0.0, runs::incrementAndGet);

    listener.onProgress(new Progress(0, 10, 1, 1, null));
    listener.onProgress(new Progress(5, 10, 1, 1, null));

    assertEquals(1, runs.get());
    assertThrows(IllegalArgumentException.class, () -> FaultyMedia.atProgress(1.5, runs::incrementAndGet));
  }

  private static boolean opens(Path file) {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    try {
      grabber.start();
      return true;
    } catch (FrameGrabber.Exception e) {
      return false;
    } finally {
      try {
        grabber.release();
      } catch (FrameGrabber.Exception e) {
        throw new AssertionError("could not release the grabber of " + file, e);
      }
    }
  }

  private static int decodableFrames(Path file) throws FrameGrabber.Exception {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    int frames = 0;
    try {
      grabber.start();
      Frame frame;
      while ((frame = grabber.grabImage()) != null && SyntheticMedia.readFrameIndex(frame) == frames) {
        frames++;
      }
    } catch (FrameGrabber.Exception e) {
      // Truncated data may fail mid-stream instead of ending: count what decoded before.
      return frames;
    } finally {
      grabber.release();
    }
    return frames;
  }
}
