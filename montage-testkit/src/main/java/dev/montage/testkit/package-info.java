/**
 * Test fixtures for Montage and its hosts: generated media whose every frame says what it is
 * ({@link dev.montage.testkit.SyntheticMedia}), broken media ({@link dev.montage.testkit.FaultyMedia}),
 * damaged but playable media ({@link dev.montage.testkit.DamagedMedia}), a seeded fuzz corpus of six
 * containers ({@link dev.montage.testkit.FuzzCorpus}) and jqwik arbitraries
 * ({@link dev.montage.testkit.MontageArbitraries}). The JUnit 5 extension behind
 * {@link dev.montage.testkit.CheckLeaks} fails a test that leaves native handles, temporary files,
 * file descriptors or native memory behind, and {@link dev.montage.testkit.RepeatedLeakCheck} finds
 * slow growth over many renders. JUnit Jupiter and jqwik are {@code provided}: the host's test class
 * path brings them.
 */
@NullMarked
package dev.montage.testkit;

import org.jspecify.annotations.NullMarked;
