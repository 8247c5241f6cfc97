/**
 * Implementation of the testkit: the synthetic media writer and frame painter, the barcode reader,
 * packet-copy remuxes, container layout scanners and byte mutations for the fuzz corpus, and the
 * probes and checks behind the leak-check extension. Nothing here is API; it may change in any
 * release. Public only so the {@code dev.montage.testkit} facades can reach it.
 */
@NullMarked
package dev.montage.testkit.internal;

import org.jspecify.annotations.NullMarked;
