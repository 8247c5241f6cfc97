package dev.montage.core;

/**
 * One quality knob that every encoder honours: encoders with a constant rate factor get a CRF,
 * the others a bitrate computed from the output's size and frame rate.
 *
 * <table>
 *   <caption>What each level asks of each encoder</caption>
 *   <tr><th>Quality</th><th>libx264 CRF</th><th>libx265 CRF</th>
 *       <th>bits per pixel per frame (libopenh264, mpeg4, hardware encoders)</th>
 *       <th>1920x1080 at 30 fps</th></tr>
 *   <tr><td>{@link #LOW}</td><td>28</td><td>33</td><td>0.05</td><td>3.1 Mbit/s</td></tr>
 *   <tr><td>{@link #STANDARD}</td><td>23</td><td>28</td><td>0.10</td><td>6.2 Mbit/s</td></tr>
 *   <tr><td>{@link #HIGH}</td><td>20</td><td>25</td><td>0.15</td><td>9.3 Mbit/s</td></tr>
 *   <tr><td>{@link #VERY_HIGH}</td><td>17</td><td>22</td><td>0.25</td><td>15.6 Mbit/s</td></tr>
 * </table>
 *
 * <p>A CRF holds quality and lets the size vary with the content; a bitrate holds the size and
 * lets quality vary. The default is {@link #STANDARD}.
 */
public enum Quality {
  /** Previews and drafts: small files, visible artefacts in motion. */
  LOW(28, 0.05),
  /** Visually good at moderate size (the default; x264's own default CRF). */
  STANDARD(23, 0.10),
  /** Fewer artefacts in fast motion and gradients, about 1.5 times the size. */
  HIGH(20, 0.15),
  /** Close to transparent for most content, about 2.5 times the size. */
  VERY_HIGH(17, 0.25);

  /** libx265 reaches about the quality of libx264 at a CRF this much higher. */
  private static final int X265_OFFSET = 5;

  private final int x264Crf;
  private final double bitsPerPixel;

  Quality(int x264Crf, double bitsPerPixel) {
    this.x264Crf = x264Crf;
    this.bitsPerPixel = bitsPerPixel;
  }

  /** The constant rate factor libx264 gets for this quality (0 to 51, lower is better). */
  public int x264Crf() {
    return x264Crf;
  }

  /** The constant rate factor libx265 gets for this quality (0 to 51, lower is better). */
  public int x265Crf() {
    return x264Crf + X265_OFFSET;
  }

  /** Bits per pixel per frame for encoders that take a bitrate. */
  public double bitsPerPixel() {
    return bitsPerPixel;
  }

  /**
   * The bitrate, in bits per second, that encoders without a CRF get for this quality at the given
   * output size and frame rate.
   */
  public long bitrate(int width, int height, double frameRate) {
    return Math.round(width * (double) height * frameRate * bitsPerPixel);
  }
}
