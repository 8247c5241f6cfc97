package dev.montage.core;

/**
 * Where a render decodes its sources. FFmpeg is native code: a decoder that crashes on hostile
 * media (a segfault, an abort) ends the process it runs in.
 */
public enum Isolation {

  /** The default: decoding runs in the host's JVM, the fastest way. */
  IN_PROCESS,

  /**
   * Probing and segment rendering run in a small pool of child JVMs on the host's class path, each
   * with a bounded heap, reused across segments and replaced after a crash. A worker that dies is
   * tried again once in a fresh one; a second death fails the job with
   * {@link SourceMediaException} naming the clip, the file and the signal, and the host carries on.
   * Stream copy is off (it reads sources in the host); the music bed is still read in the host.
   * Workers exit when the job ends, and when the host dies.
   */
  PROCESS
}
