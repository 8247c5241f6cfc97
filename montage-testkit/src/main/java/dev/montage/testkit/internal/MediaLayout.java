package dev.montage.testkit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a media file keeps its structure and where its coded frames lie, as a mutation needs to
 * know it: the header (container structure, indexes, codec setup, every element's own header), the
 * body (the payload bytes of coded frames), the elements that could be duplicated whole, and the
 * fields that hold a size or a count.
 *
 * <p>Scanners read valid files written by the testkit; on anything they do not understand they stop
 * early and what was found so far is the layout, with the rest counted as header.
 *
 * @param header ranges that are not frame payload, in file order
 * @param body ranges of frame payload, in file order
 * @param elements boxes, elements, chunks or packets, each whole
 * @param sizes fields holding a size or count
 */
public record MediaLayout(List<Range> header, List<Range> body, List<Range> elements, List<SizeField> sizes) {

  /** The element syntax of a container family. */
  public enum Syntax {
    /** ISO base media file format: mp4, mov (boxes with a big-endian 32-bit size). */
    ISO_BMFF,
    /** EBML: Matroska and WebM (elements with variable-length ids and sizes). */
    EBML,
    /** RIFF: avi (chunks with a little-endian 32-bit size). */
    RIFF,
    /** MPEG transport stream: 188-byte packets carrying PSI sections and PES packets. */
    MPEG_TS
  }

  /** Bytes {@code [from, to)} of the file. */
  public record Range(int from, int to) {
    /** Number of bytes. */
    public int length() {
      return to - from;
    }
  }

  /** How a size field is stored, and so how it is set to a huge value. */
  public enum SizeKind {
    /** Big-endian unsigned 32 bits (ISO box size, entry count). */
    BE32,
    /** Little-endian unsigned 32 bits (RIFF chunk size). */
    LE32,
    /** Big-endian unsigned 16 bits (PES packet length). */
    BE16,
    /** The low 12 bits of a big-endian 16-bit word (PSI section length). */
    LOW12,
    /** One unsigned byte (adaptation field length). */
    U8,
    /** An EBML variable-length size of {@link SizeField#width} bytes. */
    EBML_VINT
  }

  /**
   * A size or count field.
   *
   * @param offset where the field starts
   * @param kind its encoding
   * @param width its length in bytes
   */
  public record SizeField(int offset, SizeKind kind, int width) {}

  /** Copies the lists. */
  public MediaLayout {
    header = List.copyOf(header);
    body = List.copyOf(body);
    elements = List.copyOf(elements);
    sizes = List.copyOf(sizes);
  }

  /** The layout of {@code data}, a file of the given syntax. */
  public static MediaLayout scan(Syntax syntax, byte[] data) {
    Builder builder = new Builder();
    switch (syntax) {
      case ISO_BMFF -> IsoBoxScanner.scan(data, builder);
      case EBML -> EbmlScanner.scan(data, builder);
      case RIFF -> RiffScanner.scan(data, builder);
      case MPEG_TS -> TsPacketScanner.scan(data, builder);
      default -> throw new IllegalArgumentException("no scanner for " + syntax);
    }
    return builder.build(data.length);
  }

  /** What scanners report; the header is what is left when the body is taken out. */
  static final class Builder {
    private final List<Range> body = new ArrayList<>();
    private final List<Range> elements = new ArrayList<>();
    private final List<SizeField> sizes = new ArrayList<>();

    void body(int from, int to) {
      if (to > from) {
        body.add(new Range(from, to));
      }
    }

    void element(int from, int to) {
      if (to > from) {
        elements.add(new Range(from, to));
      }
    }

    void size(int offset, SizeKind kind, int width) {
      sizes.add(new SizeField(offset, kind, width));
    }

    MediaLayout build(int length) {
      List<Range> sorted = new ArrayList<>(body);
      sorted.sort((a, b) -> Integer.compare(a.from(), b.from()));
      List<Range> header = new ArrayList<>();
      int at = 0;
      for (Range range : sorted) {
        if (range.from() > at) {
          header.add(new Range(at, range.from()));
        }
        at = Math.max(at, range.to());
      }
      if (at < length) {
        header.add(new Range(at, length));
      }
      return new MediaLayout(header, sorted, elements, sizes);
    }
  }
}
