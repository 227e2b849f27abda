/**
 * The parking lot API: park a trace context under a correlation key before an asynchronous gap,
 * and link the callback's span back to it when the callback arrives.
 *
 * <p>Start with {@link dev.parkinglot.ParkingLot}; instances come from {@code
 * dev.parkinglot.core.ParkingLots} in {@code parking-lot-core}.
 */
@NullMarked
package dev.parkinglot;

import org.jspecify.annotations.NullMarked;
