package dev.montage.cli;

import dev.montage.core.Clip;
import dev.montage.core.Timecode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a {@code CLIP} argument: {@code path} (the whole source), {@code path@START-END} or
 * {@code path@START+LENGTH}, with times in the forms of {@link Timecode}. A path that itself
 * contains {@code @} works as long as the file exists: the whole argument is tried as a path first.
 * A still image (.png, .jpg, .jpeg, .webp) takes a range too, and is shown for its length:
 * {@code photo.jpg@0+3} for 3 seconds.
 */
final class ClipSpec {

  /** The accepted forms, for error messages. */
  static final String FORMS = "path, path@START-END or path@START+LENGTH";

  private ClipSpec() {}

  /** {@link #parse(String, Predicate)} against the file system. */
  static Clip parse(String text) {
    return parse(text, Files::exists);
  }

  /**
   * The clip {@code text} denotes; {@code exists} says whether a file is there.
   *
   * @throws IllegalArgumentException naming {@code text}, what is wrong and the accepted forms
   */
  static Clip parse(String text, Predicate<Path> exists) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("an empty clip argument; use " + FORMS);
    }
    Path whole = pathOrNull(text);
    if (whole != null && isImage(whole) && text.lastIndexOf('@') < 0) {
      throw new IllegalArgumentException("'" + text + "': a still image needs a duration, such as " + text + "@0+3"
          + " for 3 seconds");
    }
    if (whole != null && exists.test(whole)) {
      return Clip.whole(whole);
    }
    int at = text.lastIndexOf('@');
    if (at < 0) {
      if (whole == null) {
        throw new IllegalArgumentException("'" + text + "' is not a valid file path");
      }
      return Clip.whole(whole); // a missing file is the renderer's to report, naming the clip
    }
    String sourceText = text.substring(0, at);
    String range = text.substring(at + 1);
    Path source = pathOrNull(sourceText);
    if (sourceText.isEmpty() || source == null) {
      throw invalid(text, "no source path before '@'");
    }
    if (range.chars().filter(c -> c == '-' || c == '+').count() != 1) {
      throw invalid(text, "'" + range + "' after '@' is not a range START-END or START+LENGTH,"
          + " and no file named '" + text + "' exists");
    }
    int split = Math.max(range.indexOf('-'), range.indexOf('+'));
    boolean withLength = range.charAt(split) == '+';
    Duration start = time(text, range.substring(0, split), "START");
    Duration second = time(text, range.substring(split + 1), withLength ? "LENGTH" : "END");
    // Timecode bounds its fields, so START+LENGTH cannot overflow a Duration.
    Duration end = withLength ? start.plus(second) : second;
    if (isImage(source)) {
      // A still: shown for the length of the range (photo.jpg@0+3 or photo.jpg@0-3: 3 s).
      return Clip.image(source, end.minus(start));
    }
    return Clip.of(source, start, end);
  }

  /** Whether {@code path} names a still image (by its extension): such a clip is shown for its range's length. */
  static boolean isImage(Path path) {
    String name = String.valueOf(path.getFileName()).toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".webp");
  }

  private static Duration time(String text, String part, String name) {
    if (part.isEmpty()) {
      throw invalid(text, name + " is missing");
    }
    try {
      return Timecode.parse(part);
    } catch (IllegalArgumentException e) {
      throw invalid(text, name + " " + e.getMessage());
    }
  }

  private static IllegalArgumentException invalid(String text, String problem) {
    return new IllegalArgumentException(
        "'" + text + "': " + problem + ". A clip is " + FORMS + ".");
  }

  private static @Nullable Path pathOrNull(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** Picocli converter for {@code CLIP} parameters. */
  static final class Converter implements ITypeConverter<Clip> {
    @Override
    public Clip convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
