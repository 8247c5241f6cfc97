package dev.montage.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FdProbeTest {

  @Test
  void leavesOutWhatTheJvmHoldsForItsLife() {
    assertTrue(FdProbe.ownedByJvm("/tmp/montage-fonts-4242-123/NotoSans-Regular.ttf"));
    assertTrue(FdProbe.ownedByJvm("/tmp/montage-fonts-4242-123/.owner"));
    assertTrue(FdProbe.ownedByJvm("/tmp/+~JF123456.tmp"));
    assertTrue(FdProbe.ownedByJvm("/tmp/montage-worker-classpath-4242-123/.owner"));
    assertTrue(FdProbe.ownedByJvm("/tmp/montage-worker-classpath-4242-123/lib/app.jar"));
    assertTrue(FdProbe.ownedByJvm("/home/ci/.m2/repository/org/bytedeco/javacv/1.5.14/javacv-1.5.14.jar"));
    assertTrue(FdProbe.ownedByJvm("socket:[123]"));
  }

  @Test
  void countsWhatATestOpens() {
    assertFalse(FdProbe.ownedByJvm("/tmp/montage-job-4242-123/.owner"), "a job's temp dir is the job's");
    assertFalse(FdProbe.ownedByJvm("/tmp/montage-job-4242-123/segment-00001.mp4"));
    assertFalse(FdProbe.ownedByJvm("/tmp/out/montage-fonts.mp4"), "a file only named like the fonts' directory");
    assertFalse(FdProbe.ownedByJvm("/tmp/source.mp4"));
    assertFalse(FdProbe.ownedByJvm("montage-fonts-x"));
  }
}
