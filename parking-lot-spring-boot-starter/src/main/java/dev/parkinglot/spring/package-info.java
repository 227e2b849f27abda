/**
 * Spring Boot auto-configuration of a {@link dev.parkinglot.ParkingLot}: {@code parkinglot.*}
 * properties ({@link dev.parkinglot.spring.ParkingLotProperties}), a lot on the application's
 * {@code OpenTelemetry}, stores on the application's infrastructure, the {@link
 * dev.parkinglot.spring.TraceCallback} and {@link dev.parkinglot.spring.Park} annotations, an
 * Actuator health contributor and Micrometer metrics. Works on Spring Boot 3.x and 4.x.
 */
@NullMarked
package dev.parkinglot.spring;

import org.jspecify.annotations.NullMarked;
