package dev.montage.core;

/**
 * What FFmpeg may open while it reads a job's sources. Media files can point at other resources
 * (HLS playlists, concat lists, image sequences, network URLs), and the known local-file-disclosure
 * and server-side-request attacks on services that render uploads ride on FFmpeg following them.
 * Montage therefore opens sources in a sandbox unless the host says they are trusted.
 */
public enum SourceAccess {

  /**
   * The default: each source is one self-contained local media file. FFmpeg may use only the
   * {@code file} protocol, and the demuxers that open other files or URLs ({@code hls}, {@code dash},
   * {@code concat}/ffconcat, {@code image2} patterns, {@code imf}, {@code sdp}, {@code rtsp}, ...)
   * are refused, also when a file hides one inside another container. Such a source fails with
   * {@link SourceMediaException} before anything it references is read.
   */
  LOCAL_FILES,

  /**
   * FFmpeg's own rules: a source may be a playlist or list that references other files and URLs.
   * Only for sources the host trusts as much as its own configuration.
   */
  FFMPEG_DEFAULTS
}
