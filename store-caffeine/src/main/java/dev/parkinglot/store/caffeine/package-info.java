/**
 * An in-process store on Caffeine, provider name {@code caffeine}: per-entry expiry, a size bound
 * with counted evictions, and optional scheduler-driven removal of expired entries.
 */
@NullMarked
package dev.parkinglot.store.caffeine;

import org.jspecify.annotations.NullMarked;
