/**
 * The parking lot implementation. Create one with {@link dev.parkinglot.core.ParkingLots#builder()}
 * or from configuration with {@link dev.parkinglot.core.ParkingLots#fromConfig()}.
 */
@NullMarked
package dev.parkinglot.core;

import org.jspecify.annotations.NullMarked;
