package dev.montage.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.montage.core.InvalidJobException;
import dev.montage.core.MontageBuilder;
import dev.montage.core.MontageJob;
import dev.montage.core.SourceAccess;
import dev.montage.core.SourceMediaException;
import dev.montage.testkit.CheckLeaks;
import dev.montage.testkit.JobTempDir;
import dev.montage.testkit.SyntheticMedia;
import dev.montage.testkit.SyntheticSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The media sandbox: by default a source that would make FFmpeg open other files or URLs (a
 * playlist, a concat list, a protocol path) fails with a typed exception before anything it names
 * is read; {@link SourceAccess#FFMPEG_DEFAULTS} lets trusted sources through (the controls show
 * that FFmpeg really would have followed them).
 */
@CheckLeaks
class MediaSandboxTest {

  static final Path MEDIA = SyntheticMedia.cached(SyntheticSpec.of(160, 120, 30, Duration.ofSeconds(2)));

  @TempDir Path dir;

  private MontageJob job(Path source, SourceAccess access, Path jobTemp) {
    return MontageBuilder.create().output(dir.resolve("out.mp4")).size(160, 120).frameRate(30).tempDir(jobTemp)
        .clip(source, Duration.ZERO, Duration.ofSeconds(1)).sourceAccess(access).build();
  }

  private Path playlistOf(String segmentUri) throws IOException {
    return Files.writeString(dir.resolve("list.m3u8"), "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"
        + "#EXTINF:2.0,\n" + segmentUri + "\n#EXT-X-ENDLIST\n");
  }

  @Test
  void hlsPlaylistOfALocalFile_isRefusedNamingTheClipAndWhy(@JobTempDir Path jobTemp) throws IOException {
    Path segment = Files.copy(MEDIA, dir.resolve("secret.mp4"));
    Path playlist = playlistOf(segment.getFileName().toString());

    SourceMediaException refused = assertThrows(SourceMediaException.class,
        () -> job(playlist, SourceAccess.LOCAL_FILES, jobTemp).render());
    assertEquals(0, refused.clipIndex().orElseThrow());
    assertEquals(playlist, refused.file().orElseThrow());
    assertTrue(refused.getMessage().contains("'hls'") && refused.getMessage().contains("sandbox"),
        refused.getMessage());
    assertTrue(Files.notExists(dir.resolve("out.mp4")));
  }

  @Test
  void hlsPlaylistOfALocalFile_isFollowedWhenTheHostTrustsIt(@JobTempDir Path jobTemp) throws IOException {
    Path segment = Files.copy(MEDIA, dir.resolve("trusted.mp4"));
    Path playlist = playlistOf(segment.getFileName().toString());

    assertTrue(framesFfmpegReadsWithItsDefaults(playlist) > 0, "control: FFmpeg follows the playlist");
    assertNotRefusedBySandbox(job(playlist, SourceAccess.FFMPEG_DEFAULTS, jobTemp));
  }

  /** Video frames FFmpeg decodes from {@code source} opened with no options (at most 10). */
  private static int framesFfmpegReadsWithItsDefaults(Path source) throws FrameGrabber.Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
      grabber.start();
      int frames = 0;
      while (frames < 10 && grabber.grabImage() != null) {
        frames++;
      }
      grabber.stop();
      return frames;
    }
  }

  /** Renders {@code job}; a failure is fine (FFmpeg may not seek in a list) but not a sandbox refusal. */
  private static void assertNotRefusedBySandbox(MontageJob job) {
    try {
      job.render();
    } catch (SourceMediaException e) {
      assertFalse(e.getMessage().contains("sandbox"), e.getMessage());
    }
  }

  @Test
  void hlsPlaylistOfAUrl_failsWithoutContactingTheServer(@JobTempDir Path jobTemp) throws IOException {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    try {
      Path playlist = playlistOf("http://127.0.0.1:" + server.getAddress().getPort() + "/segment.ts");

      assertThrows(SourceMediaException.class, () -> job(playlist, SourceAccess.LOCAL_FILES, jobTemp).render());
      assertEquals(0, requests.get(), "the sandboxed job made no request");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void concatListOfLocalFiles_isRefusedButFollowedWhenTrusted(@JobTempDir Path jobTemp) throws IOException {
    Files.copy(MEDIA, dir.resolve("part.mp4"));
    Path list = Files.writeString(dir.resolve("parts.txt"), "ffconcat version 1.0\nfile 'part.mp4'\n");

    SourceMediaException refused = assertThrows(SourceMediaException.class,
        () -> job(list, SourceAccess.LOCAL_FILES, jobTemp).render());
    assertTrue(refused.getMessage().contains("'concat'"), refused.getMessage());
    assertTrue(framesFfmpegReadsWithItsDefaults(list) > 0, "control: FFmpeg follows the list");
    assertNotRefusedBySandbox(job(list, SourceAccess.FFMPEG_DEFAULTS, jobTemp));
  }

  @Test
  void playlistDisguisedAsAnAviUpload_isRefused(@JobTempDir Path jobTemp) throws IOException {
    Files.copy(MEDIA, dir.resolve("secret.mp4"));
    Path upload = Files.move(playlistOf("secret.mp4"), dir.resolve("upload.avi"));

    assertThrows(SourceMediaException.class, () -> job(upload, SourceAccess.LOCAL_FILES, jobTemp).render());
    assertTrue(Files.notExists(dir.resolve("out.mp4")));
  }

  @Test
  void protocolPaths_areRejectedWhenTheJobIsBuilt() {
    for (String source : new String[] {"concat:a.mp4|b.mp4", "http://127.0.0.1/a.mp4", "subfile,,start,0,end,9,,:a.mp4",
        "file:a.mp4"}) {
      InvalidJobException invalid = assertThrows(InvalidJobException.class, () -> MontageBuilder.create()
          .output(dir.resolve("out.mp4")).clip(Path.of(source), Duration.ZERO, Duration.ofSeconds(1)).build());
      assertTrue(invalid.getMessage().contains("is an FFmpeg protocol, not a file"), invalid.getMessage());
    }
  }

  @Test
  void probe_isSandboxedToo() throws IOException {
    Files.copy(MEDIA, dir.resolve("probed.mp4"));
    Path playlist = playlistOf("probed.mp4");

    SourceMediaException refused = assertThrows(SourceMediaException.class, () -> FfmpegProbe.probe(playlist));
    assertTrue(refused.getMessage().contains("'hls'"), refused.getMessage());
  }
}
