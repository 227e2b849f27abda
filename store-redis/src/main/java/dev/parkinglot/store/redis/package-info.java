/**
 * The Redis store, provider name {@code redis}: {@link
 * dev.parkinglot.store.redis.RedisTraceContextStore} on Jedis, for standalone Redis and Redis
 * Cluster, configured in code through its builder or with the {@code parkinglot.redis.*} settings
 * of {@link dev.parkinglot.store.redis.RedisStoreSettings}.
 */
@NullMarked
package dev.parkinglot.store.redis;

import org.jspecify.annotations.NullMarked;
