package dev.montage.testkit;

import dev.montage.testkit.internal.JobTempDirs;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link JobTempDir} parameters: a fresh empty directory per parameter, checked for stray
 * files and deleted when the test's extension context closes (an {@link AutoCloseable} in the
 * context's store, so no after-each callback is needed). Registered by {@link JobTempDir} itself.
 */
public final class JobTempDirExtension implements ParameterResolver {

  /** Store namespace holding the test's directories; {@link LeakCheckExtension} reads it. */
  static final Namespace NAMESPACE = Namespace.create(JobTempDirExtension.class);
  /** Store key of the {@link JobTempDirs}. */
  static final String KEY = "job-temp-dirs";

  /** Used by JUnit through {@link JobTempDir}'s {@code @ExtendWith}. */
  public JobTempDirExtension() {}

  /** Supports {@link Path} parameters annotated with {@link JobTempDir}. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    if (!parameter.isAnnotated(JobTempDir.class)) {
      return false;
    }
    if (parameter.getParameter().getType() != Path.class) {
      throw new ParameterResolutionException("@JobTempDir needs a parameter of type java.nio.file.Path but "
          + parameter.getParameter() + " of " + parameter.getDeclaringExecutable() + " is "
          + parameter.getParameter().getType().getName());
    }
    return true;
  }

  /** A new empty directory, remembered for the check and the deletion after the test. */
  @Override
  public Path resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return directories(context).create();
  }

  static JobTempDirs directories(ExtensionContext context) {
    return context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(KEY, key -> new JobTempDirs(LeakCheckExtension.testName(context)), JobTempDirs.class);
  }
}
