package dev.montage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

  private final StringWriter text = new StringWriter();
  private final AtomicLong now = new AtomicLong();

  @Test
  void plain_oneLinePerTenth() {
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false, now::get);
    for (int frames = 0; frames <= 300; frames += 6) {
      printer.onProgress(new Progress(frames, 300, frames < 150 ? 1 : 2, 2, Duration.ofMillis(3000)));
    }
    printer.finish();

    List<String> lines = text.toString().lines().toList();
    assertEquals(11, lines.size(), text.toString());
    assertEquals("render: 0% (0/300 frames, segment 1/2, eta 3s)", lines.get(0));
    assertEquals("render: 40% (120/300 frames, segment 1/2, eta 3s)", lines.get(4));
    assertEquals("render: 100% (300/300 frames, segment 2/2, eta 3s)", lines.get(10));
  }

  @Test
  void plain_unknownEtaIsLeftOut() {
    assertEquals("render: 5% (15/300 frames, segment 1/4)",
        ProgressPrinter.plainLine(new Progress(15, 300, 1, 4, null)));
  }

  @Test
  void plain_neverGoesBack() {
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), false, now::get);
    printer.onProgress(new Progress(40, 100, 1, 1, null));
    printer.onProgress(new Progress(30, 100, 1, 1, null));
    printer.onProgress(new Progress(45, 100, 1, 1, null));
    assertEquals(List.of("render: 40% (40/100 frames, segment 1/1)"), text.toString().lines().toList());
  }

  @Test
  void bar_redrawnInPlaceAndPaced() {
    ProgressPrinter printer = new ProgressPrinter(new PrintWriter(text), true, now::get);
    printer.onProgress(new Progress(0, 100, 1, 2, Duration.ofSeconds(75)));
    now.addAndGet(ProgressPrinter.REDRAW_NANOS / 2);
    printer.onProgress(new Progress(10, 100, 1, 2, Duration.ofSeconds(70))); // too soon: skipped
    now.addAndGet(ProgressPrinter.REDRAW_NANOS);
    printer.onProgress(new Progress(50, 100, 2, 2, Duration.ofSeconds(5)));
    printer.onProgress(new Progress(100, 100, 2, 2, Duration.ZERO)); // the end is always drawn
    printer.finish();
    printer.finish();

    String out = text.toString();
    assertEquals(3, out.chars().filter(c -> c == '\r').count(), out);
    assertTrue(out.startsWith(
        "\r[------------------------]   0%  0/100 frames  segment 1/2  eta 1m15s"), out);
    assertTrue(out.contains(
        "\r[############------------]  50%  50/100 frames  segment 2/2  eta 5s  \r"), out);
    assertTrue(out.endsWith(
        "\r[########################] 100%  100/100 frames  segment 2/2  eta 0s" + System.lineSeparator()),
        out);
  }

  @Test
  void shortDuration_roundsUp() {
    assertEquals("0s", ProgressPrinter.shortDuration(Duration.ZERO));
    assertEquals("1s", ProgressPrinter.shortDuration(Duration.ofMillis(200)));
    assertEquals("59s", ProgressPrinter.shortDuration(Duration.ofSeconds(59)));
    assertEquals("2m05s", ProgressPrinter.shortDuration(Duration.ofSeconds(125)));
    assertEquals("1h02m", ProgressPrinter.shortDuration(Duration.ofSeconds(3725)));
    assertEquals("0s", ProgressPrinter.shortDuration(Duration.ofSeconds(-3)));
  }
}
