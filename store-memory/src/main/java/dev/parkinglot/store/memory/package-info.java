/** The embedded in-memory store, provider name {@code memory}. */
@NullMarked
package dev.parkinglot.store.memory;

import org.jspecify.annotations.NullMarked;
