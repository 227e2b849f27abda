/**
 * The store SPI: what a storage backend implements so that a parking lot can keep parked contexts
 * in it. A store author depends on {@code parking-lot-api}, on {@code parking-lot-wire} if the
 * store keeps the shared JSON wire format, and, at test scope, on {@code parking-lot-store-tck}:
 * nothing else of this project, and never on {@code parking-lot-core}.
 */
@NullMarked
package dev.parkinglot.spi;

import org.jspecify.annotations.NullMarked;
