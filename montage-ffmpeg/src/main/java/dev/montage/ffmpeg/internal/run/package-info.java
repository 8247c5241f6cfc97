/**
 * One render from start to finish: the job's sequence (probe, plan, the chosen video path,
 * join, verify, atomic move) and the explanation of a plan.
 */
@NullMarked
package dev.montage.ffmpeg.internal.run;

import org.jspecify.annotations.NullMarked;
