package dev.montage.ffmpeg.internal.capture;

import dev.montage.core.SourceAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVProbeData;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The media sandbox of {@link SourceAccess#LOCAL_FILES}: FFmpeg opens a source with the {@code file}
 * protocol only, and with every demuxer of this build except those that read other files or URLs
 * named inside the media. FFmpeg hands both lists on to the demuxers a file nests (an AVI's
 * embedded subtitle file is probed under the same lists), so a playlist hidden in another container
 * is refused too. FFmpeg takes demuxers as an allow-list, so the list is this build's demuxers less
 * {@link #REFUSED}: review that set when FFmpeg is upgraded.
 */
final class SourceSandbox {

  /**
   * Demuxers that follow references to other resources: playlists and manifests ({@code hls},
   * {@code dash}, {@code imf}), lists of files ({@code concat}, which reads ffconcat), file-name
   * patterns ({@code image2}), session descriptions and streams ({@code sdp}, {@code rtsp},
   * {@code rtp}, {@code sap}), and the WebM DASH manifest.
   */
  static final Set<String> REFUSED = Set.of(
      "hls", "dash", "imf", "concat", "image2", "sdp", "rtsp", "rtp", "sap", "webm_dash_manifest");
  /** The only protocol a sandboxed source may use. */
  static final String PROTOCOLS = "file";
  private static final int PROBE_BYTES = 4096;

  private static volatile String allowedDemuxers = "";

  private SourceSandbox() {}

  /** Applies {@code access} to a grabber not yet started. */
  static void apply(FFmpegFrameGrabber grabber, SourceAccess access) {
    if (access == SourceAccess.LOCAL_FILES) {
      grabber.setOption("protocol_whitelist", PROTOCOLS);
      grabber.setOption("format_whitelist", allowedDemuxers());
    }
  }

  /** Every demuxer of this build but the {@link #REFUSED} ones, as FFmpeg's comma-separated list. */
  static String allowedDemuxers() {
    String allowed = allowedDemuxers;
    if (allowed.isEmpty()) {
      List<String> names = new ArrayList<>();
      try (PointerPointer<Pointer> state = new PointerPointer<>(1L)) {
        state.zero();
        for (AVInputFormat format = avformat.av_demuxer_iterate(state); format != null;
            format = avformat.av_demuxer_iterate(state)) {
          for (String name : format.name().getString().split(",")) {
            if (!REFUSED.contains(name)) {
              names.add(name);
            }
          }
        }
      }
      allowed = String.join(",", names);
      allowedDemuxers = allowed;
    }
    return allowed;
  }

  /**
   * The refused demuxer FFmpeg would have chosen for {@code file}, judged from its first bytes and
   * name, so that a refusal can say why; empty when it is none of them or cannot be read.
   */
  static Optional<String> refusedFormatOf(Path file) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(PROBE_BYTES);
    } catch (IOException e) {
      return Optional.empty();
    }
    try (BytePointer buffer = new BytePointer(head.length + avformat.AVPROBE_PADDING_SIZE);
        BytePointer name = new BytePointer(file.toString());
        AVProbeData probe = new AVProbeData()) {
      buffer.zero();
      buffer.put(head).position(0);
      probe.filename(name).buf(buffer).buf_size(head.length);
      AVInputFormat format = avformat.av_probe_input_format(probe, 1);
      if (format == null) {
        return Optional.empty();
      }
      String names = format.name().getString();
      for (String candidate : names.split(",")) {
        if (REFUSED.contains(candidate)) {
          return Optional.of(candidate);
        }
      }
      return Optional.empty();
    }
  }
}
