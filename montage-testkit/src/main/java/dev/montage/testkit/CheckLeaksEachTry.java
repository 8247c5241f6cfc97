package dev.montage.testkit;

import dev.montage.testkit.internal.TryLeakCheckHook;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * {@link CheckLeaks} for jqwik properties: JUnit extensions do not wrap jqwik's tries, so a
 * property that renders puts this on its method (or its class) and every try is checked on its own.
 * A try that leaves a renderer handle open (exactly, waiting up to a second for closes on other
 * threads) or adds file descriptors beyond the tolerance fails, and jqwik shrinks it like any
 * other falsified try.
 *
 * <pre>{@code
 * @Property(tries = 10)
 * @CheckLeaksEachTry
 * void anyJob_renders(@ForAll("jobs") MontageJob job) {
 *   job.render();
 * }
 * }</pre>
 *
 * <p>Native memory is not judged per try (one try is too small to tell growth from warm-up): run the
 * property's render through {@link RepeatedLeakCheck} for that. Temp files are the property's own
 * to check, as it chose the job's temp directory. Descriptors are counted on Linux only.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AddLifecycleHook(value = TryLeakCheckHook.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
public @interface CheckLeaksEachTry {

  /** Whether open file descriptors must not exceed their count before the try (Linux only). */
  boolean fileDescriptors() default true;

  /** File descriptors a try may add without failing. */
  int fdTolerance() default 0;
}
