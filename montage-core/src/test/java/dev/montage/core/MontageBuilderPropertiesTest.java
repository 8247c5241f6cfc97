package dev.montage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever is put into a builder, build() returns a job or throws InvalidJobException, nothing else. */
class MontageBuilderPropertiesTest {

  private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "montage-properties");

  @Property(tries = 500)
  void build_onlyEverFailsWithInvalidJob(
      @ForAll("clips") List<Clip> clips,
      @ForAll int width,
      @ForAll int height,
      @ForAll("frameRates") double frameRate,
      @ForAll("durations") Duration crossfade,
      @ForAll int workers,
      @ForAll int crf) {
    MontageBuilder builder = MontageBuilder.create()
        .clips(clips)
        .output(DIR.resolve("out.mp4"))
        .size(width, height)
        .frameRate(frameRate)
        .crossfade(crossfade)
        .workers(workers)
        .crf(crf);
    try {
      MontageJob job = builder.build();
      assertEquals(clips, job.clips());
    } catch (InvalidJobException e) {
      assertFalse(e.problems().isEmpty());
      for (String problem : e.problems()) {
        assertFalse(problem.isBlank());
      }
    }
  }

  @Property(tries = 200)
  void toBuilder_rebuildsAnEqualJob(
      @ForAll("validClips") List<Clip> clips,
      @ForAll("evenSides") int width,
      @ForAll("evenSides") int height) {
    MontageJob job = MontageBuilder.create()
        .clips(clips)
        .output(DIR.resolve("out.mkv"))
        .size(width, height)
        .build();
    MontageJob copy = job.toBuilder().build();
    assertEquals(job.clips(), copy.clips());
    assertEquals(job.output(), copy.output());
    assertEquals(job.settings(), copy.settings());
  }

  @Provide
  Arbitrary<Duration> durations() {
    Arbitrary<Duration> any = Combinators.combine(
            Arbitraries.longs(), Arbitraries.integers().between(0, 999_999_999))
        .as((seconds, nanos) -> Duration.ofSeconds(seconds, nanos));
    Arbitrary<Duration> small = Arbitraries.longs().between(-10_000, 10_000).map(Duration::ofMillis);
    return Arbitraries.oneOf(any, small, Arbitraries.of(Duration.ZERO));
  }

  @Provide
  Arbitrary<Double> frameRates() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.doubles().between(0, 300),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
  }

  @Provide
  Arbitrary<List<Clip>> clips() {
    Arbitrary<Path> sources = Arbitraries.of("a.mp4", "b.mov", "out.mp4").map(DIR::resolve);
    Arbitrary<Clip> whole = Combinators.combine(sources, durations())
        .as((source, in) -> new Clip(source, in, null));
    Arbitrary<Clip> cut = Combinators.combine(sources, durations(), durations()).as(Clip::new);
    return Arbitraries.oneOf(whole, cut).list().ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<Clip>> validClips() {
    Arbitrary<Clip> cut = Combinators.combine(
            Arbitraries.of("a.mp4", "b.mov").map(DIR::resolve),
            Arbitraries.longs().between(0, 60_000),
            // At least one frame at the default 30 fps, or build() rightly rejects the clip.
            Arbitraries.longs().between(1_000, 60_000))
        .as((source, in, length) -> Clip.of(source, Duration.ofMillis(in), Duration.ofMillis(in + length)));
    return cut.list().ofMinSize(1).ofMaxSize(5);
  }

  @Provide
  Arbitrary<Integer> evenSides() {
    return Arbitraries.integers().between(1, 4096).map(half -> half * 2);
  }
}
