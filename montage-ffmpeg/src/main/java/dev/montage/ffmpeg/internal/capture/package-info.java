/**
 * Owners of native handles: the capture pool, the only place grabbers are opened, lent out
 * as exclusive leases; tracked grabbers and recorders with one close path each; the ledger that
 * counts them with the stack that opened them; stream templates for recorders.
 */
@NullMarked
package dev.montage.ffmpeg.internal.capture;

import org.jspecify.annotations.NullMarked;
