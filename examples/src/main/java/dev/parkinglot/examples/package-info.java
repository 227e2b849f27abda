/**
 * The runnable demo: a shop whose checkout parks its trace context before calling a (simulated)
 * payment provider, and whose payment webhook, called by that provider over real HTTP later, links
 * back to it. Not published; run it with {@code mvn -q -pl examples -am -Pdemo -DskipTests verify}.
 */
@NullMarked
package dev.parkinglot.examples;

import org.jspecify.annotations.NullMarked;
