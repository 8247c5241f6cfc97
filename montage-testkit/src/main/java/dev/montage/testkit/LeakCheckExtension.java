package dev.montage.testkit;

import dev.montage.testkit.LeakDetectedError.Finding;
import dev.montage.testkit.internal.JobTempDirs;
import dev.montage.testkit.internal.LeakCheckSettings;
import dev.montage.testkit.internal.LeakChecker;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.jspecify.annotations.Nullable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link CheckLeaks}: snapshots handles, descriptors and native memory
 * before each test and compares after it (after the test's own {@code @AfterEach} methods), in the
 * manner of Netty's {@code LeakPresenceExtension}.
 *
 * <p>Handles are read from the {@link dev.montage.core.spi.ResourceLedger} of every
 * {@link dev.montage.core.spi.MontageRenderer} found through {@link java.util.ServiceLoader}.
 * Registered without a {@link CheckLeaks} annotation in reach, it runs every check with the default
 * tolerances. A leak found after a test that failed (or whose set-up failed) is added to that
 * failure as suppressed, so the test's own exception stays the one reported; otherwise the test
 * fails with a {@link LeakDetectedError}.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {

  /** Resource lock held by every {@link CheckLeaks} test: the process's handles, descriptors and memory. */
  public static final String PROCESS_RESOURCES = "dev.montage.testkit.process-resources";

  private static final Namespace NAMESPACE = Namespace.create(LeakCheckExtension.class);
  private static final String BASELINE = "baseline";
  private static final String SETTINGS = "settings";
  private static final String REPORT_KEY = "montage-leak-check";

  /** Used by JUnit through {@link CheckLeaks}' {@code @ExtendWith}. */
  public LeakCheckExtension() {}

  /** Records the baseline of every check the test's {@link CheckLeaks} switches on. */
  @Override
  public void beforeEach(ExtensionContext context) {
    LeakCheckSettings settings = settings(context);
    if (settings.allOff()) {
      return;
    }
    LeakChecker.Baseline baseline = LeakChecker.capture(settings);
    for (String note : baseline.notes()) {
      context.publishReportEntry(REPORT_KEY, note);
    }
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    store.put(SETTINGS, settings);
    store.put(BASELINE, baseline);
  }

  /**
   * Compares with the baseline and judges the test's job temp dirs.
   *
   * @throws LeakDetectedError when a check fails and the test itself passed
   * @throws InterruptedException when interrupted while waiting for handles or descriptors
   */
  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    @Nullable LeakCheckSettings stored = store.remove(SETTINGS, LeakCheckSettings.class);
    LeakCheckSettings settings = stored != null ? stored : settings(context);
    LeakChecker.@Nullable Baseline baseline = store.remove(BASELINE, LeakChecker.Baseline.class);
    @Nullable JobTempDirs directories =
        context.getStore(JobTempDirExtension.NAMESPACE).get(JobTempDirExtension.KEY, JobTempDirs.class);
    List<Finding> findings = new ArrayList<>();
    if (directories != null) {
      if (settings.tempFiles()) {
        @Nullable Finding stray = directories.strayFiles();
        if (stray != null) {
          findings.add(stray);
        }
      }
      directories.verdictGiven();
    }
    if (baseline != null) {
      findings.addAll(LeakChecker.verify(baseline, settings));
    }
    if (findings.isEmpty()) {
      return;
    }
    LeakDetectedError leak = LeakDetectedError.of(testName(context), findings);
    Optional<Throwable> failure = context.getExecutionException();
    if (failure.isPresent()) {
      failure.get().addSuppressed(leak);
      return;
    }
    throw leak;
  }

  static String testName(ExtensionContext context) {
    String owner = context.getTestClass().map(LeakCheckExtension::className).orElse("");
    return owner.isEmpty() ? context.getDisplayName() : owner + "." + context.getDisplayName();
  }

  private static String className(Class<?> type) {
    String name = type.getName();
    int dot = name.lastIndexOf('.');
    return name.substring(dot + 1);
  }

  /** The nearest {@link CheckLeaks}: the method's, else the class's, else an enclosing class's. */
  static LeakCheckSettings settings(ExtensionContext context) {
    Optional<CheckLeaks> annotation = context.getTestMethod().flatMap(method -> find(method));
    if (annotation.isEmpty()) {
      Optional<Class<?>> type = context.getTestClass();
      while (annotation.isEmpty() && type.isPresent()) {
        annotation = find(type.get());
        type = Optional.ofNullable(type.get().getEnclosingClass());
      }
    }
    return annotation.map(LeakCheckExtension::toSettings).orElse(LeakCheckSettings.DEFAULTS);
  }

  private static Optional<CheckLeaks> find(AnnotatedElement element) {
    return AnnotationSupport.findAnnotation(element, CheckLeaks.class);
  }

  private static LeakCheckSettings toSettings(CheckLeaks checks) {
    if (checks.fdTolerance() < 0 || checks.nativeMemoryToleranceMb() < 0) {
      throw new IllegalArgumentException("@CheckLeaks tolerances must be >= 0 but were fdTolerance="
          + checks.fdTolerance() + ", nativeMemoryToleranceMb=" + checks.nativeMemoryToleranceMb());
    }
    return new LeakCheckSettings(checks.handles(), checks.tempFiles(), checks.fileDescriptors(),
        checks.fdTolerance(), checks.nativeMemory(), (long) checks.nativeMemoryToleranceMb() << 20);
  }
}
