package dev.montage.core;

import dev.montage.core.spi.MontageRenderer;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * An immutable, validated description of a montage: the clips in order, the output and the render
 * settings. Create one with {@link MontageBuilder}; derive a variant with {@link #toBuilder()}.
 */
public final class MontageJob {

  private final List<Clip> clips;
  private final OutputSpec output;
  private final RenderSettings settings;

  MontageJob(List<Clip> clips, OutputSpec output, RenderSettings settings) {
    this.clips = List.copyOf(clips);
    this.output = Objects.requireNonNull(output, "output");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The clips in montage order; never empty. */
  public List<Clip> clips() {
    return clips;
  }

  /** What the finished video looks like. */
  public OutputSpec output() {
    return output;
  }

  /** How the job is rendered. */
  public RenderSettings settings() {
    return settings;
  }

  /** A builder pre-filled with this job, to derive a variant. Changing it never changes this job. */
  public MontageBuilder toBuilder() {
    return MontageBuilder.from(this);
  }

  /**
   * Renders this job with the first {@link MontageRenderer} found through {@link ServiceLoader}.
   *
   * @return what was produced
   * @throws RendererNotFoundException when no renderer is on the class path
   * @throws MontageException (a subtype) for every failure; nothing is left at the output path
   */
  public RenderResult render() {
    return findRenderer().render(this);
  }

  static MontageRenderer findRenderer() {
    return ServiceLoader.load(MontageRenderer.class).findFirst()
        .or(() -> ServiceLoader.load(MontageRenderer.class, MontageJob.class.getClassLoader()).findFirst())
        .orElseThrow(RendererNotFoundException::none);
  }

  @Override
  public String toString() {
    return "MontageJob[" + clips.size() + " clips -> " + output.path() + " " + output.width() + "x"
        + output.height() + "@" + output.frameRate() + "]";
  }
}
