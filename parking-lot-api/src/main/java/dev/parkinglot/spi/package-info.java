/**
 * The store SPI: what a storage backend implements so that a parking lot can keep parked contexts
 * in it. A store author depends on {@code parking-lot-api} and, at test scope, on {@code
 * parking-lot-store-tck}, and nothing else of this project.
 */
@NullMarked
package dev.parkinglot.spi;

import org.jspecify.annotations.NullMarked;
