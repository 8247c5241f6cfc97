/** Implementation of montage-core: job validation, hardware detection, temp directories owned by a process. Not API. */
@NullMarked
package dev.montage.core.internal;

import org.jspecify.annotations.NullMarked;
