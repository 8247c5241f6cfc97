/**
 * Test fixtures for Montage and its hosts: generated media whose every frame says what it is
 * ({@link dev.montage.testkit.SyntheticMedia}), broken media ({@link dev.montage.testkit.FaultyMedia})
 * and jqwik arbitraries ({@link dev.montage.testkit.MontageArbitraries}). The JUnit 5 extension behind
 * {@link dev.montage.testkit.CheckLeaks} fails a test that leaves native handles, temporary files,
 * file descriptors or native memory behind, and {@link dev.montage.testkit.RepeatedLeakCheck} finds
 * slow growth over many renders. JUnit Jupiter and jqwik are {@code provided}: the host's test class
 * path brings them.
 */
@NullMarked
package dev.montage.testkit;

import org.jspecify.annotations.NullMarked;
