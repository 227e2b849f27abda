/**
 * Not public API. Helpers the other Parking Lot modules share (the packed form of a stored
 * context, hex ids); they change in any release without notice, as OpenTelemetry's {@code
 * io.opentelemetry.api.internal} does. Applications and store authors must not use them.
 */
@NullMarked
package dev.parkinglot.internal;

import org.jspecify.annotations.NullMarked;
