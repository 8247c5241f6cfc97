package dev.montage.ffmpeg.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.montage.ffmpeg.internal.media.FfmpegLogTail.Line;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FFmpeg's lines reach the thread that called into FFmpeg, and only that thread's capture. */
class FfmpegLogTailTest {

  @BeforeAll
  static void bridge() {
    FfmpegLogging.install();
  }

  /** Logs through FFmpeg itself, as a demuxer does: av_log on the calling thread. */
  private static void ffmpegSays(String text) {
    avutil.av_log(null, avutil.AV_LOG_ERROR, text + "\n");
  }

  private static List<String> texts(FfmpegLogTail.Mark mark) {
    return mark.lines().stream().map(Line::text).toList();
  }

  @Test
  void lines_arriveOnTheCallingThreadAndStayThere() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch bothMarked = new CountDownLatch(2);
      CountDownLatch bothLogged = new CountDownLatch(2);
      Future<List<String>> a = threads.submit(() -> logBetween("from a", bothMarked, bothLogged));
      Future<List<String>> b = threads.submit(() -> logBetween("from b", bothMarked, bothLogged));
      assertEquals(List.of("from a"), a.get(10, TimeUnit.SECONDS));
      assertEquals(List.of("from b"), b.get(10, TimeUnit.SECONDS));
    } finally {
      threads.shutdownNow();
    }
  }

  private static List<String> logBetween(String text, CountDownLatch marked, CountDownLatch logged)
      throws InterruptedException {
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    marked.countDown();
    if (!marked.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the other thread did not mark");
    }
    ffmpegSays(text);
    logged.countDown();
    if (!logged.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the other thread did not log");
    }
    return texts(mark);
  }

  @Test
  void mark_seesOnlyLaterLines() {
    ffmpegSays("before");
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    ffmpegSays("after");
    assertEquals(List.of("after"), texts(mark));
  }

  @Test
  void capture_keepsTheLastLinesOnly() {
    FfmpegLogTail.Mark mark = FfmpegLogTail.mark();
    int logged = FfmpegLogTail.CAPACITY + 5;
    for (int i = 0; i < logged; i++) {
      ffmpegSays("line " + i);
    }
    List<String> kept = texts(mark);
    assertEquals(FfmpegLogTail.CAPACITY, kept.size());
    assertEquals("line 5", kept.get(0));
    assertEquals("line " + (logged - 1), kept.get(kept.size() - 1));
  }

  @Test
  void decisive_isTheLastErrorWithoutTheAddress() {
    List<Line> lines = List.of(
        new Line(avutil.AV_LOG_WARNING, "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x7f0c447f3880] Format mov detected only with low score of 1"),
        new Line(avutil.AV_LOG_ERROR, "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x7f0c447f3880] moov atom not found"),
        new Line(avutil.AV_LOG_WARNING, "[aac @ 0x55d0c0ffee00] noise after the error"));
    assertEquals("moov atom not found (mov,mp4,m4a,3gp,3g2,mj2)", FfmpegLogTail.decisive(lines));
  }

  @Test
  void decisive_fallsBackToTheLastWarning() {
    List<Line> lines = List.of(
        new Line(avutil.AV_LOG_INFO, "Input #0, mov"),
        new Line(avutil.AV_LOG_WARNING, "no prefix here"));
    assertEquals("no prefix here", FfmpegLogTail.decisive(lines));
    assertNull(FfmpegLogTail.decisive(List.of(new Line(avutil.AV_LOG_INFO, "Input #0, mov"))));
  }
}
