package dev.montage.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Fails a test that leaves resources behind: native handles in the renderer's ledger, files in its
 * {@link JobTempDir}s, file descriptors or native memory. Put it on a test class (every test is
 * checked) or a method; a method's annotation replaces its class's entirely.
 *
 * <pre>{@code
 * @CheckLeaks
 * class RenderTest {
 *   @Test
 *   void render_twoClips(@JobTempDir Path temp) {
 *     MontageBuilder.create().clip(a).clip(b).output(out).tempDir(temp).render();
 *   }
 *
 *   @Test
 *   @CheckLeaks(nativeMemoryToleranceMb = 256) // a 4K job warms up bigger caches
 *   void render_4k(@JobTempDir Path temp) { ... }
 * }
 * }</pre>
 *
 * <p>Handles must return exactly to their count before the test (waiting up to a second for closes
 * on other threads); the others allow the tolerances below. A check that can not run here (no
 * renderer on the class path, no {@code /proc}) is skipped with a report entry. If the test itself
 * fails, the leak report is attached to its failure as suppressed. Requires JUnit Jupiter 5.13+.
 *
 * <p>The checks measure the whole process, so leak-checked tests take the resource lock
 * {@value LeakCheckExtension#PROCESS_RESOURCES} and never run at the same time as each other under
 * JUnit's parallel execution; other tests running alongside can still disturb the descriptor and
 * memory counts.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LeakCheckExtension.class)
@ResourceLock(LeakCheckExtension.PROCESS_RESOURCES)
public @interface CheckLeaks {

  /** Whether the renderer's open native handles must return to their count before the test. */
  boolean handles() default true;

  /** Whether every {@link JobTempDir} must be empty after the test. */
  boolean tempFiles() default true;

  /** Whether open file descriptors must not exceed their count before the test (Linux only). */
  boolean fileDescriptors() default true;

  /** File descriptors a test may add without failing. */
  int fdTolerance() default 0;

  /** Whether resident native memory must not grow by more than {@link #nativeMemoryToleranceMb()}. */
  boolean nativeMemory() default true;

  /**
   * Native memory growth in MiB a test may cause without failing: FFmpeg keeps caches and glibc
   * keeps arenas after the first use, which is not a leak. Default 64.
   */
  int nativeMemoryToleranceMb() default 64;
}
