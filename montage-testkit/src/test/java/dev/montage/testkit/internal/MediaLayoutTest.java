package dev.montage.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.testkit.FuzzContainer;
import dev.montage.testkit.FuzzCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaLayoutTest {

  @Test
  void iso_bodyIsTheMdatPayloadAndSizesIncludeSampleTableCounts() throws IOException {
    byte[] mp4 = Files.readAllBytes(FuzzCorpus.source(FuzzContainer.MP4));

    MediaLayout layout = MediaLayout.scan(MediaLayout.Syntax.ISO_BMFF, mp4);

    assertPartition(layout, mp4.length);
    assertEquals(1, layout.body().size());
    assertEquals("mdat", ascii(mp4, layout.body().get(0).from() - 4, 4));
    assertEquals(mp4.length, layout.body().get(0).to(), "faststart: mdat last");
    assertTrue(layout.sizes().stream()
        .anyMatch(field -> field.offset() >= 8 && ascii(mp4, field.offset() - 8, 4).equals("stco")),
        "stco's entry count is a size field");
  }

  @Test
  void ebml_bodyIsBlockPayload() throws IOException {
    byte[] mkv = Files.readAllBytes(FuzzCorpus.source(FuzzContainer.MKV));

    MediaLayout layout = MediaLayout.scan(MediaLayout.Syntax.EBML, mkv);

    assertPartition(layout, mkv.length);
    assertEquals(0x1A45DFA3, Bytes.u32be(mkv, 0));
    assertTrue(layout.body().size() > 30, "one range per video and audio block: " + layout.body().size());
    assertTrue(layout.sizes().stream().allMatch(field -> field.kind() == MediaLayout.SizeKind.EBML_VINT));
  }

  @Test
  void riff_bodyIsTheFrameChunksOfMovi() throws IOException {
    byte[] avi = Files.readAllBytes(FuzzCorpus.source(FuzzContainer.AVI));

    MediaLayout layout = MediaLayout.scan(MediaLayout.Syntax.RIFF, avi);

    assertPartition(layout, avi.length);
    for (MediaLayout.Range frame : layout.body()) {
      assertTrue(ascii(avi, frame.from() - 8, 4).matches("0[01](dc|wb)"), "chunk id before " + frame);
    }
  }

  @Test
  void ts_everyPacketIsAnElementAndPsiIsHeader() throws IOException {
    byte[] ts = Files.readAllBytes(FuzzCorpus.source(FuzzContainer.MPEG_TS));

    MediaLayout layout = MediaLayout.scan(MediaLayout.Syntax.MPEG_TS, ts);

    assertPartition(layout, ts.length);
    assertEquals(ts.length / 188, layout.elements().size());
    assertTrue(layout.header().get(0).length() >= 2 * 188, "PAT and PMT first: " + layout.header().get(0));
    assertTrue(layout.sizes().stream().anyMatch(field -> field.kind() == MediaLayout.SizeKind.LOW12));
    assertTrue(layout.sizes().stream().anyMatch(field -> field.kind() == MediaLayout.SizeKind.BE16));
  }

  @Test
  void scanners_stopAtDamageAndCountTheRestAsHeader() {
    byte[] junk = "not a media file at all, just text".getBytes(StandardCharsets.US_ASCII);

    for (MediaLayout.Syntax syntax : MediaLayout.Syntax.values()) {
      MediaLayout layout = MediaLayout.scan(syntax, junk);

      assertEquals(List.of(new MediaLayout.Range(0, junk.length)), layout.header(), syntax.toString());
      assertEquals(List.of(), layout.body(), syntax.toString());
    }
  }

  private static void assertPartition(MediaLayout layout, int length) {
    long header = layout.header().stream().mapToLong(MediaLayout.Range::length).sum();
    long body = layout.body().stream().mapToLong(MediaLayout.Range::length).sum();
    assertEquals(length, header + body, "header and body cover the file once");
    assertTrue(body > length / 2, "most bytes are frames: " + body + " of " + length);
  }

  private static String ascii(byte[] data, int at, int length) {
    return new String(data, at, length, StandardCharsets.ISO_8859_1);
  }
}
