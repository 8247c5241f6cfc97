/**
 * Sizing and timeout policies as pure functions of explicit inputs: batch size from resolution and
 * memory, worker threads from CPU count, FFmpeg time budgets from file size, resolution and GPU.
 * Each default is a static method; each can be replaced on the {@link dev.montage.core.MontageBuilder}.
 * {@link dev.montage.core.policy.Hardware} describes the machine the policies are applied to.
 */
@NullMarked
package dev.montage.core.policy;

import org.jspecify.annotations.NullMarked;
