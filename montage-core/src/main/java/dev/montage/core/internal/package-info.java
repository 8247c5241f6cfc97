/** Implementation of montage-core: job validation and hardware detection. Not API. */
@NullMarked
package dev.montage.core.internal;

import org.jspecify.annotations.NullMarked;
