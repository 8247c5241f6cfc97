package dev.montage.core;

/** No {@link dev.montage.core.spi.MontageRenderer} is on the class path. */
public final class RendererNotFoundException extends MontageException {

  private static final long serialVersionUID = 1L;

  /** The artifact that provides the standard renderer. */
  public static final String RENDERER_ARTIFACT = "dev.montage:montage-ffmpeg";

  private RendererNotFoundException(String message) {
    super(message, -1, null, null);
  }

  /** No renderer was found through {@link java.util.ServiceLoader}. */
  public static RendererNotFoundException none() {
    return new RendererNotFoundException(
        "no Montage renderer on the class path: add the dependency " + RENDERER_ARTIFACT
            + " (it registers dev.montage.core.spi.MontageRenderer through ServiceLoader)");
  }
}
