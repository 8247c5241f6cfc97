package dev.montage.ffmpeg.internal.join;

import dev.montage.core.EncodingException;
import dev.montage.core.MontageException;
import dev.montage.core.SourceMediaException;
import dev.montage.ffmpeg.internal.hevc.HvcConfig;
import dev.montage.ffmpeg.internal.media.Streams;
import dev.montage.ffmpeg.internal.plan.VideoRun;
import java.io.IOException;
import java.util.Optional;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.jspecify.annotations.Nullable;

/**
 * The HEVC parameter sets to repeat in the stream when runs of different records share an output
 * ({@code hev1}): each run's own, in front of every keyframe of it, so that a player that starts or
 * seeks at any keyframe finds the sets it needs in that sample (ISO/IEC 14496-15), and a decoder
 * going straight through switches sets at each run's first IDR picture. See {@link HvcConfig}.
 */
final class HevcParameterSets {

  private final int lengthSize;

  private HevcParameterSets(int lengthSize) {
    this.lengthSize = lengthSize;
  }

  /** Tracking for an output whose video stream is {@code template}; {@code null} unless it is HEVC in hvcC form. */
  static @Nullable HevcParameterSets of(AVStream template) {
    if (template.codecpar().codec_id() != avcodec.AV_CODEC_ID_HEVC) {
      return null;
    }
    return HvcConfig.parse(Streams.extradata(template)).map(config -> new HevcParameterSets(config.lengthSize()))
        .orElse(null);
  }

  /** NAL length size of the output's packets. */
  int lengthSize() {
    return lengthSize;
  }

  /**
   * The parameter sets to put in front of every keyframe of {@code run}, whose stream is
   * {@code stream}; {@code null} for a run renumbered into the output's record.
   *
   * @throws MontageException when the run's packets cannot sit in this output (another NAL length size)
   */
  byte @Nullable [] of(AVStream stream, VideoRun run) {
    if (run.hevcRemap() != null) {
      return null; // renumbered: its sets are in the output's record under ids of their own
    }
    byte[] record = Streams.extradata(stream);
    Optional<HvcConfig> config = HvcConfig.parse(record);
    if (config.isEmpty() || config.get().lengthSize() != lengthSize) {
      String why = config.isEmpty() ? "its HEVC configuration is not an hvcC record"
          : "its HEVC packets have " + config.get().lengthSize() + "-byte NAL lengths, the output " + lengthSize;
      throw unjoinable(run, new IOException(why));
    }
    try {
      return config.get().parameterSetsInBand(lengthSize);
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
