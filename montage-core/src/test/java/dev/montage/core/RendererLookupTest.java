package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.montage.core.spi.MontageRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** montage-core's own test class path has no renderer: the failure must say which artifact to add. */
class RendererLookupTest {

  @TempDir Path dir;

  @BeforeEach
  void noRendererOnTheClassPath() {
    assertTrue(ServiceLoader.load(MontageRenderer.class).findFirst().isEmpty(),
        "montage-core's test class path must hold no renderer");
  }

  private MontageJob job() {
    return MontageBuilder.create()
        .clip(dir.resolve("a.mp4"), Duration.ZERO, Duration.ofSeconds(2))
        .output(dir.resolve("out.mp4"))
        .build();
  }

  @Test
  void render_withoutRendererNamesTheArtifact() {
    RendererNotFoundException e = assertThrows(RendererNotFoundException.class, () -> job().render());
    assertTrue(e.getMessage().contains("dev.montage:montage-ffmpeg"), e.getMessage());
    assertTrue(e.getMessage().contains("dev.montage.core.spi.MontageRenderer"), e.getMessage());
    assertEquals("dev.montage:montage-ffmpeg", RendererNotFoundException.RENDERER_ARTIFACT);
    assertTrue(e.clipIndex().isEmpty());
    assertTrue(e.file().isEmpty());
    assertNull(e.getCause());
  }

  @Test
  void builderRender_withoutRendererNamesTheArtifact() {
    MontageBuilder builder = job().toBuilder();
    RendererNotFoundException e = assertThrows(RendererNotFoundException.class, builder::render);
    assertTrue(e.getMessage().contains("dev.montage:montage-ffmpeg"), e.getMessage());
  }

  @Test
  void render_withoutRendererWritesNothing() {
    MontageJob job = job();
    assertThrows(RendererNotFoundException.class, job::render);
    assertFalse(Files.exists(job.output().path()));
  }

  @Test
  void builderRender_invalidJobFailsBeforeTheLookup() {
    assertThrows(InvalidJobException.class, () -> MontageBuilder.create().render());
  }
}
