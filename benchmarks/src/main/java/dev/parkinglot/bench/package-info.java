/**
 * JMH benchmarks of the parking lot and a harness that measures retained memory per parked entry.
 * Not published; run through {@code benchmarks/run.sh} (see {@code benchmarks/README.md}).
 */
@NullMarked
package dev.parkinglot.bench;

import org.jspecify.annotations.NullMarked;
