package dev.montage.core;

/**
 * Where a render decodes its sources. FFmpeg is native code: a decoder that crashes on hostile
 * media (a segfault, an abort) ends the process it runs in.
 */
public enum Isolation {

  /** The default: decoding runs in the host's JVM, the fastest way. */
  IN_PROCESS,

  /**
   * Every read of a source runs in a small pool of child JVMs on the host's class path, each with a
   * bounded heap, reused across segments and replaced after a crash: probing, segment rendering, the
   * music bed, and a stream copy or smart cut (its keyframes read and its output joined by a worker).
   * The host opens no source. A worker that dies is tried again once in a fresh one; a second death
   * fails the job with {@link SourceMediaException} naming the clip, the file and the signal, and the
   * host carries on. Workers exit when the job ends, and when the host dies.
   */
  PROCESS
}
