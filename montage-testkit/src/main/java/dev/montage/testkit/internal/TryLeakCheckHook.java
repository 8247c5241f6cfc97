package dev.montage.testkit.internal;

import dev.montage.testkit.CheckLeaksEachTry;
import dev.montage.testkit.LeakDetectedError;
import dev.montage.testkit.LeakDetectedError.Finding;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * The jqwik hook behind {@link CheckLeaksEachTry}: a baseline before each try, the verdict after.
 * A leak falsifies a try that passed; a try that failed keeps its own failure, with the leak
 * attached as suppressed.
 */
public final class TryLeakCheckHook implements AroundTryHook {

  /** Created by jqwik. */
  public TryLeakCheckHook() {}

  @Override
  public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters)
      throws InterruptedException {
    LeakCheckSettings settings = settings(context);
    LeakChecker.Baseline baseline = LeakChecker.capture(settings);
    TryExecutionResult result = aTry.execute(parameters);
    List<Finding> findings = LeakChecker.verify(baseline, settings);
    if (findings.isEmpty()) {
      return result;
    }
    LeakDetectedError leak = LeakDetectedError.of(context.label() + " with " + parameters, findings);
    Optional<Throwable> failure = result.throwable();
    if (result.isFalsified() && failure.isPresent()) {
      failure.get().addSuppressed(leak);
      return result;
    }
    return TryExecutionResult.falsified(leak);
  }

  private static LeakCheckSettings settings(TryLifecycleContext context) {
    CheckLeaksEachTry check = context.findAnnotation(CheckLeaksEachTry.class)
        .or(() -> context.findAnnotationsInContainer(CheckLeaksEachTry.class).stream().findFirst())
        .orElseThrow(() -> new IllegalStateException(
            "TryLeakCheckHook runs only through @CheckLeaksEachTry, found none on " + context.label()));
    return new LeakCheckSettings(true, false, check.fileDescriptors(), check.fdTolerance(), false, 0);
  }
}
