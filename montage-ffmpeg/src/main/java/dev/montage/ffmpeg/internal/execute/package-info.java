/**
 * How a render's work is carried out, whatever it renders: the local segment executor, the
 * environment segment tasks report to, progress in order, the stop signal (cancellation and the
 * job's deadline) and the temp scope that removes every file of the job on every path.
 */
@NullMarked
package dev.montage.ffmpeg.internal.execute;

import org.jspecify.annotations.NullMarked;
