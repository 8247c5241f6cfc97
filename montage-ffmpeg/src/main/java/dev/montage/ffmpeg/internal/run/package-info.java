/**
 * One render from start to finish: the job's sequence (probe, plan, segments on the executor,
 * join, verify, atomic move), the local executor, progress, and the temp scope that removes every
 * file of the job on every path.
 */
@NullMarked
package dev.montage.ffmpeg.internal.run;

import org.jspecify.annotations.NullMarked;
