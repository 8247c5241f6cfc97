package dev.montage.ffmpeg.internal.audio;

import java.util.Optional;

/**
 * What an AAC stream's AudioSpecificConfig (ISO/IEC 14496-3, 1.6.2.1: the {@code esds} extradata)
 * says about the frames a packet copy splices: object type, sample rate, channels, frame length.
 * Two sources whose configs are equal here decode with either's extradata, packet for packet.
 *
 * @param objectType the audio object type ({@value #LC} for AAC-LC, 5 for SBR, 29 for PS)
 * @param sampleRate samples per second of the core coder
 * @param channels the channel configuration's channel count (1 to 8)
 * @param frameSamples samples per frame: 1024, or 960 where the frame-length flag is set
 */
record AacConfig(int objectType, int sampleRate, int channels, int frameSamples) {

  /** Audio object type of AAC-LC, the profile phones, cameras and editors write. */
  static final int LC = 2;

  private static final int[] RATES = {
      96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350};
  /** Channels of channel configurations 1 to 7 (configuration 7 is 7.1). */
  private static final int[] CHANNELS = {0, 1, 2, 3, 4, 5, 6, 8};

  /** The config in {@code extradata}, or empty where it is too short or uses what is not read here. */
  static Optional<AacConfig> parse(byte[] extradata) {
    Bits bits = new Bits(extradata);
    if (extradata.length < 2) {
      return Optional.empty();
    }
    int objectType = bits.read(5);
    if (objectType == 31) {
      objectType = 32 + bits.read(6);
    }
    int rateIndex = bits.read(4);
    int sampleRate = rateIndex == 15 ? bits.read(24) : rateIndex < RATES.length ? RATES[rateIndex] : -1;
    int channelConfig = bits.read(4);
    // A channel configuration of 0 means a program config element follows: not read here.
    if (sampleRate <= 0 || channelConfig < 1 || channelConfig >= CHANNELS.length || bits.overrun()) {
      return Optional.empty();
    }
    // GASpecificConfig of the general audio types starts with the frame-length flag.
    int frameSamples = 1024;
    if (objectType == LC || objectType == 1 || objectType == 3 || objectType == 4) {
      frameSamples = bits.read(1) == 1 ? 960 : 1024;
      if (bits.overrun()) {
        return Optional.empty();
      }
    }
    return Optional.of(new AacConfig(objectType, sampleRate, CHANNELS[channelConfig], frameSamples));
  }

  /** Why packets of this config cannot be copied into one run of 1024-sample frames, or empty. */
  Optional<String> uncopyable() {
    if (objectType != LC) {
      return Optional.of("it is AAC of object type " + objectType + " (HE-AAC, SBR or another profile), not AAC-LC");
    }
    if (frameSamples != 1024) {
      return Optional.of("its AAC frames hold " + frameSamples + " samples, not 1024");
    }
    return Optional.empty();
  }

  /** Reads bits most significant first. */
  private static final class Bits {
    private final byte[] data;
    private int position;

    Bits(byte[] data) {
      this.data = data;
    }

    int read(int count) {
      int value = 0;
      for (int i = 0; i < count; i++) {
        int index = position >> 3;
        int bit = index < data.length ? (data[index] >> (7 - (position & 7))) & 1 : 0;
        value = (value << 1) | bit;
        position++;
      }
      return value;
    }

    boolean overrun() {
      return position > data.length * 8;
    }
  }
}
