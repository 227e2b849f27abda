/**
 * The JSON wire format every store that serialises a parked context shares, and every constant of
 * it: {@link dev.parkinglot.wire.JsonWireFormat}. A store depends on this module directly (no
 * lookup at run time); the parking lot itself ({@code parking-lot-core}) does not need it.
 */
@NullMarked
package dev.parkinglot.wire;

import org.jspecify.annotations.NullMarked;
