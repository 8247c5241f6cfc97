package dev.montage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Proves each check of {@link LeakCheckExtension} fails a test that leaks on purpose, passes it when
 * switched off, and never hides the test's own failure. The subjects live in {@link LeakSubjects}
 * and run only when selected here.
 */
class LeakCheckExtensionTest {

  @AfterEach
  void releaseWhatSubjectsLeaked() throws Exception {
    LeakSubjects.cleanUp();
  }

  @Test
  void handles_unclosedHandleFailsWithWhereItWasOpened() {
    LeakDetectedError leak = leakError(onlyFailure(run(LeakSubjects.HandleLeak.class)));

    assertEquals(EnumSet.of(LeakCheck.HANDLES), leak.failedChecks());
    assertContains(leak.getMessage(),
        "HandleLeak.leaksHandle() leaked: 1 check failed",
        "handles: 1 more open than before the test",
        "grabber /videos/forgotten.mp4, opened at:",
        "at dev.montage.testkit.LeakSubjects.leakHandle(");
  }

  @Test
  void handles_realGrabberLeftOpenFailsHandlesAndDescriptors() {
    LeakDetectedError leak = leakError(onlyFailure(run(LeakSubjects.GrabberLeak.class)));

    assertEquals(EnumSet.of(LeakCheck.HANDLES, LeakCheck.FILE_DESCRIPTORS), leak.failedChecks());
    assertContains(leak.getMessage(),
        SyntheticMedia.cached(LeakSubjects.SMALL).toString(),
        "at dev.montage.testkit.LeakSubjects$GrabberLeak.leaksRealGrabber(");
  }

  @Test
  void handles_closedLateOnAnotherThreadPassesWithinTheWait() {
    assertAllPassed(run(LeakSubjects.HandleClosedLate.class), 1);
  }

  @Test
  void tempFiles_strayFileFailsAndDirectoryIsDeletedAnyway() {
    LeakDetectedError leak = leakError(onlyFailure(run(LeakSubjects.TempFileLeak.class)));

    assertEquals(EnumSet.of(LeakCheck.TEMP_FILES), leak.failedChecks());
    assertContains(leak.getMessage(), "temp files: 2 entries left in the job temp dir", "segments/segment-0001.mp4");
    assertDeleted(LeakSubjects.JOB_DIRS, 1);
  }

  @Test
  void tempFiles_checkedWithoutCheckLeaksWhenTheDirectoryCloses() {
    LeakDetectedError leak = leakError(onlyFailure(run(LeakSubjects.TempFileLeakWithoutCheckLeaks.class)));

    assertEquals(EnumSet.of(LeakCheck.TEMP_FILES), leak.failedChecks());
    assertDeleted(LeakSubjects.JOB_DIRS, 1);
  }

  @Test
  void tempFiles_emptyDirectoriesPassAndAreDeleted() {
    assertAllPassed(run(LeakSubjects.TempDirsCleaned.class), 1);
    assertDeleted(LeakSubjects.JOB_DIRS, 2);
  }

  @Test
  void fileDescriptors_unclosedStreamFailsNamingTheFile() {
    LeakDetectedError leak = leakError(onlyFailure(run(LeakSubjects.FdLeak.class)));

    assertEquals(EnumSet.of(LeakCheck.FILE_DESCRIPTORS), leak.failedChecks());
    assertContains(leak.getMessage(), "file descriptors: 1 more open than before the test", "tolerance 0, over by 1");
    assertMatches(leak.getMessage(), "fd \\d+ -> .*montage-leaked-fd-.*\\.txt");
  }

  @Test
  void nativeMemory_unfreedMallocFailsWithTheGrowth() {
    LeakDetectedError leak = leakError(onlyFailure(run(LeakSubjects.NativeLeak.class)));

    assertEquals(EnumSet.of(LeakCheck.NATIVE_MEMORY), leak.failedChecks());
    // 200 MB were leaked; the measured growth also moves with the JVM's own heap and metaspace
    // (subtracted as committed, not as touched), so allow a band around it.
    assertMatches(leak.getMessage(), "native memory: grew by (1[5-9]\\d|2[0-4]\\d)\\.\\d MB, over the tolerance of 64.0 MB");
  }

  @Test
  void ownFailure_staysPrimaryWithTheLeakSuppressed() {
    Throwable failure = onlyFailure(run(LeakSubjects.FailingTestThatLeaks.class));

    assertInstanceOf(IllegalStateException.class, failure);
    assertEquals("the test's own failure", failure.getMessage());
    assertEquals(1, failure.getSuppressed().length);
    LeakDetectedError leak = leakError(failure.getSuppressed()[0]);
    assertContains(leak.getMessage(), "grabber /videos/failing.mp4");
  }

  @Test
  void ownFailure_staysPrimaryWhenTheJobTempDirClosesWithStrayFiles() {
    Throwable failure = onlyFailure(run(LeakSubjects.FailingTestThatLeavesFilesWithoutCheckLeaks.class));

    assertInstanceOf(IllegalStateException.class, failure);
    assertEquals(1, failure.getSuppressed().length);
    assertEquals(EnumSet.of(LeakCheck.TEMP_FILES), leakError(failure.getSuppressed()[0]).failedChecks());
    assertDeleted(LeakSubjects.JOB_DIRS, 1);
  }

  @Test
  void switchedOff_eachLeakPassesWhenItsCheckIsOffOrTolerated() {
    assertAllPassed(run(LeakSubjects.HandleLeakIgnored.class), 1);
    assertAllPassed(run(LeakSubjects.FdLeakTolerated.class), 1);
    assertAllPassed(run(LeakSubjects.FdLeakIgnored.class), 1);
    assertAllPassed(run(LeakSubjects.NativeLeakIgnored.class), 1);
  }

  @Test
  void switchedOff_nativeToleranceAboveTheLeakPasses() {
    assertAllPassed(run(LeakSubjects.NativeLeakTolerated.class), 1);
  }

  @Test
  void switchedOff_ignoredTempDirPassesAndIsStillDeleted() {
    assertAllPassed(run(LeakSubjects.TempFileLeakIgnored.class), 1);
    assertDeleted(LeakSubjects.JOB_DIRS, 1);
  }

  @Test
  void annotation_methodReplacesClass() {
    EngineExecutionResults results = run(LeakSubjects.MethodOverridesClass.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
    Event failed = results.testEvents().failed().list().get(0);
    assertEquals("checkedAgain()", failed.getTestDescriptor().getDisplayName());
  }

  @Test
  void noFalsePositive_writingAndDecodingMediaPassesEveryCheck() {
    assertAllPassed(run(LeakSubjects.CleanMediaWork.class), 1);
    assertAllPassed(run(LeakSubjects.CleanMediaWork.class), 1);
  }

  @Test
  void subjects_doNotRunUnlessSelected() {
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(LeakSubjects.HandleLeak.class))
        .execute();

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results.containerEvents().assertStatistics(stats -> stats.skipped(1));
  }

  private static EngineExecutionResults run(Class<?> subject) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(subject))
        .configurationParameter(MetaSubject.ENABLED, "true")
        .execute();
  }

  private static Throwable onlyFailure(EngineExecutionResults results) {
    List<Event> failed = results.testEvents().failed().list();
    assertEquals(1, failed.size(), () -> "one failed test expected:\n" + describe(results));
    return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  private static LeakDetectedError leakError(Throwable failure) {
    return assertInstanceOf(LeakDetectedError.class, failure, () -> "not a leak error: " + failure);
  }

  private static void assertAllPassed(EngineExecutionResults results, int tests) {
    List<Throwable> failures = results.testEvents().failed().stream()
        .map(event -> event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
        .collect(Collectors.toList());
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("expected every test to pass, but " + failures.size() + " failed");
      failures.forEach(error::addSuppressed);
      throw error;
    }
    results.testEvents().assertStatistics(stats -> stats.started(tests).succeeded(tests));
  }

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), () -> "expected <" + part + "> in:\n" + text);
    }
  }

  private static void assertMatches(String text, String regex) {
    assertTrue(Pattern.compile(regex).matcher(text).find(), () -> "expected /" + regex + "/ in:\n" + text);
  }

  private static void assertDeleted(List<Path> directories, int count) {
    assertEquals(count, directories.size(), () -> "job temp dirs handed out: " + directories);
    for (Path directory : directories) {
      assertFalse(Files.exists(directory), () -> directory + " should have been deleted");
    }
  }

  private static String describe(EngineExecutionResults results) {
    return results.allEvents().stream().map(Event::toString).collect(Collectors.joining("\n"));
  }
}
