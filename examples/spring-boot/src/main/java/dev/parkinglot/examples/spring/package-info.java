/** The Spring Boot webhook example: a checkout that parks, a webhook that links, a redelivery marked duplicate. */
package dev.parkinglot.examples.spring;
