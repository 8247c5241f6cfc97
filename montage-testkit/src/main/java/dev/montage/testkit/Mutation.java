package dev.montage.testkit;

import java.util.Locale;

/**
 * A kind of damage {@link FuzzCorpus} does to a valid file. Each is seeded: the same source, kind
 * and seed give the same bytes. "Header" means the container's structure (boxes, elements and
 * chunks with their own headers, indexes, codec setup, transport packet and PES headers); "body"
 * means the coded frames' payload bytes.
 */
public enum Mutation {
  /** 1 to 8 bits flipped in the header. */
  HEADER_FLIPS,
  /** 1 to 32 bits flipped in the body. */
  BODY_FLIPS,
  /** A run of 16 to 4096 bytes anywhere set to zero. */
  ZEROED_CHUNK,
  /**
   * A chunk inserted again right after itself: half the time a whole box, element, chunk or
   * transport packet of up to 64 KiB, otherwise 16 to 4096 bytes from anywhere.
   */
  DUPLICATED_CHUNK,
  /** The file cut short: a third of the time inside the header, otherwise anywhere. */
  TRUNCATION,
  /**
   * One size or count field set to a huge value: an MP4/MOV box size or sample-table entry count
   * or an AVI chunk size to 0x7fffffff or 0xffffffff, a Matroska/WebM element size to the largest
   * its width holds, an MPEG-TS section, PES or adaptation field length to all ones.
   */
  HUGE_SIZE;

  /** The kind as file names show it: {@code header-flips}, {@code huge-size}... */
  public String fileTag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
