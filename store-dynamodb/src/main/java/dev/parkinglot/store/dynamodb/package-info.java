/**
 * A {@link dev.parkinglot.spi.TraceContextStore} on Amazon DynamoDB through the AWS SDK for Java
 * v2: {@link dev.parkinglot.store.dynamodb.DynamoDbTraceContextStore}, its provider (name {@code
 * dynamodb}), the opt-in table helper {@link dev.parkinglot.store.dynamodb.DynamoDbTables} and the
 * setting names in {@link dev.parkinglot.store.dynamodb.DynamoDbStoreSettings}.
 */
@NullMarked
package dev.parkinglot.store.dynamodb;

import org.jspecify.annotations.NullMarked;
