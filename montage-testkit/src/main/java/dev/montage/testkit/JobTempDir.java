package dev.montage.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a {@link java.nio.file.Path} parameter of a test or lifecycle method that receives a fresh,
 * empty directory of its own, to pass to {@code MontageBuilder.tempDir(...)}. After the test the
 * directory must be empty again (the renderer removes its temporary files, also on failure) and is
 * then deleted. Each annotated parameter gets its own directory.
 *
 * <p>Under {@link CheckLeaks} a stray file fails the test as the {@link LeakCheck#TEMP_FILES} check
 * (switch it off with {@code @CheckLeaks(tempFiles = false)}); on its own it fails the test the
 * same way when the directory is cleaned up.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(JobTempDirExtension.class)
public @interface JobTempDir {}
