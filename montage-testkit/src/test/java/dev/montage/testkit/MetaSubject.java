package dev.montage.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that leaks on purpose and only runs when a meta-test selects it through
 * {@code EngineTestKit} with the configuration parameter {@value #ENABLED} set to {@code true}.
 * Tagged {@value #TAG} as well, which surefire excludes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(MetaSubject.TAG)
@ExtendWith(MetaSubject.OnlyWhenSelected.class)
@interface MetaSubject {

  /** Tag excluded by surefire. */
  String TAG = "meta-subject";
  /** Configuration parameter that enables the subjects. */
  String ENABLED = "montage.testkit.meta-subjects";

  /** Disables the subject unless {@link #ENABLED} is {@code true}. */
  final class OnlyWhenSelected implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(ENABLED).map(Boolean::parseBoolean).orElse(false)
          ? ConditionEvaluationResult.enabled("selected by a meta-test")
          : ConditionEvaluationResult.disabled("leaks on purpose; runs only from LeakCheckExtensionTest");
    }
  }
}
