/**
 * The store test kit (TCK): the whole {@link dev.parkinglot.spi.TraceContextStore} contract as
 * JUnit Jupiter rules. A store author adds {@code dev.parkinglot:parking-lot-store-tck} at test
 * scope, extends {@link dev.parkinglot.tck.TraceContextStoreTck} and implements {@code
 * createStore}; {@link dev.parkinglot.tck.TckBackends} finds a server for the built-in stores.
 */
@NullMarked
package dev.parkinglot.tck;

import org.jspecify.annotations.NullMarked;
