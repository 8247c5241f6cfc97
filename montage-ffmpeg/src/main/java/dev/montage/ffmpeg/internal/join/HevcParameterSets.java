package dev.montage.ffmpeg.internal.join;

import dev.montage.core.EncodingException;
import dev.montage.core.MontageException;
import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.hevc.HvcConfig;
import dev.montage.ffmpeg.internal.media.Streams;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.jspecify.annotations.Nullable;

/**
 * Which HEVC parameter sets are active in the output as runs are joined, and the sets to repeat in
 * front of a run whose record differs from the one before it (a smart cut's x265 piece between a
 * source's GOPs, or the source again after it). See {@link HvcConfig} for why they go in-band.
 */
final class HevcParameterSets {

  private final int lengthSize;
  private byte[] active;

  private HevcParameterSets(byte[] record, int lengthSize) {
    this.active = record;
    this.lengthSize = lengthSize;
  }

  /** Tracking for an output whose video stream is {@code template}; {@code null} unless it is HEVC in hvcC form. */
  static @Nullable HevcParameterSets of(AVStream template) {
    if (template.codecpar().codec_id() != avcodec.AV_CODEC_ID_HEVC) {
      return null;
    }
    byte[] record = Streams.extradata(template);
    return HvcConfig.parse(record).map(config -> new HevcParameterSets(record, config.lengthSize())).orElse(null);
  }

  /** NAL length size of the output's packets. */
  int lengthSize() {
    return lengthSize;
  }

  /**
   * The parameter sets to put in front of {@code run}'s first packet, whose stream is {@code stream};
   * {@code null} when they are the ones already active, or the run's are renumbered into the record.
   *
   * @throws MontageException when the run's packets cannot sit in this output (another NAL length size)
   */
  byte @Nullable [] entering(AVStream stream, VideoRun run) {
    if (run.hevcRemap() != null) {
      return null; // renumbered: its sets are in the output's record under ids of their own
    }
    byte[] record = Streams.extradata(stream);
    if (Arrays.equals(record, active)) {
      return null;
    }
    Optional<HvcConfig> config = HvcConfig.parse(record);
    if (config.isEmpty() || config.get().lengthSize() != lengthSize) {
      String why = config.isEmpty() ? "its HEVC configuration is not an hvcC record"
          : "its HEVC packets have " + config.get().lengthSize() + "-byte NAL lengths, the output " + lengthSize;
      throw unjoinable(run, new IOException(why));
    }
    try {
      byte[] inBand = config.get().parameterSetsInBand(lengthSize);
      active = record;
      return inBand;
    } catch (IllegalArgumentException e) {
      throw unjoinable(run, new IOException(e.getMessage(), e));
    }
  }

  /** A source's fault names its clip and says what to do; a piece this render encoded is the encoder's. */
  private static MontageException unjoinable(VideoRun run, IOException why) {
    return run.clipIndex() >= 0
        ? SourceMediaException.corrupt(run.clipIndex(), run.file(), why,
            "re-encode with streamCopy(false) (CLI: --no-copy)")
        : EncodingException.failed(run.clipIndex(), run.file(), "smart cut: " + why.getMessage(), why);
  }
}
