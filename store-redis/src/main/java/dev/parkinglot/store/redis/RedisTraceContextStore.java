package dev.parkinglot.store.redis;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.wire.JsonWireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.Pool;

/*
 * Design notes.
 *
 * One round trip per operation in the common case, and every command on one hash slot, so it all
 * works unchanged on Redis Cluster. K is the store key, T and M its tombstone's keys, the entry's
 * bytes and the consumption record (TombstoneKey: same slot whatever K holds, never a key either
 * side writes):
 *   save   SET K json PX ms      a tombstone (a consumed context) goes to T and M instead, K deleted
 *   take   GETDEL K              atomic on the server: of concurrent takes exactly one gets the value;
 *                                GETDEL T (and then M) when K holds nothing live
 *   load   GET K                 MGET T M when K holds nothing live
 *   exists GET K (then GET T)    not EXISTS: see below
 *   delete DEL K T M
 *   claim  EVALSHA claim.lua     moves a live entry from K to T (RENAME, no JSON read in Redis) and
 *                                writes the consumption record M, so the original's GET of K finds
 *                                nothing afterwards (RedisClaim says how)
 * A live entry under K hides an older tombstone under T (a park after a claim of the same key); the
 * next claim replaces it. Park then retrieve is two round trips; the original's documented store
 * needs three (SETEX, GET, DEL) and its GET-then-DEL lets two concurrent retrieves both succeed.
 *
 * Expiry. The PX of a save is the entry's expiresAt minus the store clock's now, so Redis forgets
 * the entry when the lot's clock says it expires. Redis' clock and ours still differ (another
 * host, a test clock), so every read also checks the entry against the store clock and never
 * returns an expired one. That is why exists is a GET plus that check and not EXISTS: EXISTS would
 * answer by Redis' clock alone. An entry already expired by the store clock when saved is not
 * written (Redis rejects PX 0, and a dead entry must not be readable); the key is deleted instead
 * so that the save still replaces whatever was there, as the contract says.
 *
 * Values are the shared JSON wire format (JsonWireFormat, from parking-lot-wire) as UTF-8 bytes,
 * keys are the store keys as UTF-8: byte[] commands, no String round trip of the value. The JSON is what the
 * original's documented Redis store writes, so Node and Java services can share a lot.
 *
 * Recovery. Jedis pools connections. When Redis restarts, the pooled connections are dead and the
 * first command on each fails with "Unexpected end of stream" although the new server is fine. A
 * command that fails because the server closed the connection (not a refused connection, not a
 * timeout) is therefore retried once, after the pool's idle connections are dropped. For GETDEL a
 * retry is safe too: if the first attempt did reach the server, the entry is gone either way and
 * the retry reports it missing; no take ever returns an entry twice. The same holds for a claim:
 * the server closed the connection, so the script did not run (unless the server died between
 * running it and replying, when the retry reports the tombstone it left as a duplicate).
 */

/**
 * A {@link TraceContextStore} on Redis through Jedis: standalone Redis or Redis Cluster, {@code
 * redis://} or {@code rediss://} (TLS), pooled connections, one round trip to save, take or claim
 * a live entry.
 *
 * <p>Entries are the shared JSON wire format under the store key, with a Redis expiry ({@code PX})
 * at the entry's expiry, and are readable by services that use the original Node module's
 * documented Redis store (and the other way round). A {@linkplain #claim claim} moves the entry off
 * that key to two companion keys in the same hash slot (the entry's bytes and the consumption
 * record), so the original's readers never see a consumed context. Thread-safe.
 *
 * <pre>{@code
 * TraceContextStore store = RedisTraceContextStore.builder()
 *     .url("rediss://parking:secret@redis.internal:6380/2")
 *     .poolSize(32)
 *     .timeout(Duration.ofSeconds(1))
 *     .build();
 *
 * // or with a client the application already has (the store never closes it):
 * TraceContextStore shared = RedisTraceContextStore.builder().client(redisClient).build();
 * }</pre>
 *
 * <p>Errors: Redis failures are {@link StoreUnavailableException}s with the Jedis exception as the
 * cause; an entry that is not valid JSON of the wire format (or a key holding another Redis type)
 * is a {@link CorruptEntryException}. No message or {@link #toString()} contains a password.
 * After {@link #close()}, every operation throws {@link IllegalStateException}.
 */
public final class RedisTraceContextStore implements TraceContextStore {
  /** Default number of pooled connections (per node in a cluster). */
  public static final int DEFAULT_POOL_SIZE = 16;
  /** Default connect and socket timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Caps PX for entries whose park time lies far in the store clock's future (Redis rejects huge expiries). */
  private static final long MAX_PX_MILLIS = 10 * ParkingLotLimits.MAX_TTL.toMillis();
  private static final byte[] PX = {'P', 'X'};

  private final UnifiedJedis client;
  private final boolean ownsClient;
  private final Clock clock;
  private final String description;
  private final AtomicBoolean closed = new AtomicBoolean();

  RedisTraceContextStore(
      UnifiedJedis client, boolean ownsClient, Clock clock, String description) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.clock = clock;
    this.description = description;
  }

  /**
   * A builder; give it a {@linkplain Builder#url(String) URL} or a {@linkplain
   * Builder#client(UnifiedJedis) client}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A store on the Redis at {@code url} with default settings.
   *
   * @param url the Redis URL, as for {@link Builder#url(String)}
   * @return a new store
   * @throws IllegalArgumentException if the URL is malformed (the message never shows its password)
   * @throws StoreUnavailableException if the URL lists a cluster and no node answers
   */
  public static RedisTraceContextStore create(String url) {
    return builder().url(url).build();
  }

  @Override
  public void save(StoreKey storeKey, StoredTraceContext context) {
    String key = storeKey.value();
    byte[] rawKey = encodeKey(key);
    Objects.requireNonNull(context, "context must not be null");
    long px = context.expiresAtMillis() - clock.millis();
    if (px <= 0) {
      // Already expired by the store clock: writing it would make a dead entry readable, and Redis
      // rejects PX 0. Delete instead, so the save still replaces any older entry under the key.
      deleteBoth(key, rawKey);
      return;
    }
    byte[] pxMillis = Long.toString(Math.min(px, MAX_PX_MILLIS)).getBytes(StandardCharsets.US_ASCII);
    if (context.isConsumed()) {
      // A tombstone goes where a claim leaves one, never under the key the original reads.
      byte[] entry = JsonWireFormat.encode(context);
      byte[] record = RedisClaim.record(context.consumedAtMillis(), context.expiresAtMillis());
      byte[] tombstoneKey = TombstoneKey.of(rawKey);
      byte[] consumptionKey = TombstoneKey.consumption(rawKey);
      execute("SET", key, rawKey,
          (redis, k) -> redis.sendCommand(k, Protocol.Command.SET, tombstoneKey, entry, PX, pxMillis));
      execute("SET", key, rawKey,
          (redis, k) -> redis.sendCommand(k, Protocol.Command.SET, consumptionKey, record, PX, pxMillis));
      execute("DEL", key, rawKey, UnifiedJedis::del);
      return;
    }
    byte[] value = JsonWireFormat.encode(context);
    // SET key value PX ms sent as a command rather than through SetParams.px(long): compiled against
    // Jedis 8 that call links to SetParams.px returning SetParams, which Jedis 6.0.0 (Spring Boot
    // 3.5's version) does not have (its px is inherited, returning BaseSetExParams), so every save
    // failed there with NoSuchMethodError. sendCommand(sampleKey, command, args) has one signature
    // from 5.2 to 8.x and routes by the key in a cluster. compat/spring-boot-3 runs this on 6.0.0.
    // A tombstone of an earlier claim under the tombstone key stays: the live entry hides it from
    // every read, and the next claim replaces it.
    execute("SET", key, rawKey,
        (redis, k) -> redis.sendCommand(k, Protocol.Command.SET, k, value, PX, pxMillis));
  }

  @Override
  public Optional<StoredTraceContext> load(StoreKey storeKey) {
    String key = storeKey.value();
    byte[] rawKey = encodeKey(key);
    Optional<StoredTraceContext> entry = live(key, execute("GET", key, rawKey, UnifiedJedis::get));
    if (entry.isPresent()) {
      return entry;
    }
    return liveTombstone(key, execute("MGET", key, rawKey, (redis, k) -> tombstone(redis, k, false)));
  }

  @Override
  public Optional<StoredTraceContext> take(StoreKey storeKey) {
    String key = storeKey.value();
    byte[] rawKey = encodeKey(key);
    // GETDEL has removed the entry by the time it is decoded: a corrupt or expired one is gone too.
    byte[] value = execute("GETDEL", key, rawKey, UnifiedJedis::getDel);
    Optional<StoredTraceContext> entry;
    try {
      entry = live(key, value);
    } catch (CorruptEntryException corrupt) {
      throw corrupt.removedFromStore(); // GETDEL removed it
    }
    if (entry.isPresent()) {
      return entry;
    }
    // Only the take that gets the tombstone's entry bytes takes its record too.
    byte[][] tombstone = execute("GETDEL", key, rawKey, (redis, k) -> tombstone(redis, k, true));
    try {
      return liveTombstone(key, tombstone);
    } catch (CorruptEntryException corrupt) {
      throw corrupt.removedFromStore(); // the GETDEL removed it
    }
  }

  /** The tombstone's entry bytes and record, or null when it has no entry bytes; removed when {@code take}. */
  private static byte @Nullable [] @Nullable [] tombstone(UnifiedJedis redis, byte[] rawKey, boolean take) {
    byte[] tombstoneKey = TombstoneKey.of(rawKey);
    byte[] consumptionKey = TombstoneKey.consumption(rawKey);
    if (take) {
      byte[] entry = redis.getDel(tombstoneKey);
      return entry == null ? null : new byte[][] {entry, redis.getDel(consumptionKey)};
    }
    Object reply = redis.sendCommand(rawKey, Protocol.Command.MGET, tombstoneKey, consumptionKey);
    List<?> values = reply instanceof List ? (List<?>) reply : List.of();
    if (values.size() != 2 || !(values.get(0) instanceof byte[])) {
      return null;
    }
    return new byte[][] {(byte[]) values.get(0), values.get(1) instanceof byte[] ? (byte[]) values.get(1) : null};
  }

  /** Deletes the entry and its tombstone: one {@code DEL} of the three keys, which share a hash slot. */
  @Override
  public void delete(StoreKey storeKey) {
    String key = storeKey.value();
    deleteBoth(key, encodeKey(key));
  }

  private void deleteBoth(String key, byte[] rawKey) {
    byte[] tombstoneKey = TombstoneKey.of(rawKey);
    byte[] consumptionKey = TombstoneKey.consumption(rawKey);
    execute("DEL", key, rawKey,
        (redis, k) -> redis.sendCommand(k, Protocol.Command.DEL, k, tombstoneKey, consumptionKey));
  }

  /**
   * Whether a live entry exists under {@code key}: the contract of {@link
   * dev.parkinglot.spi.TraceContextStore#exists(dev.parkinglot.spi.StoreKey)}.
   *
   * <p>A {@code GET} plus the expiry check by the store clock, not {@code EXISTS}, which would
   * answer by Redis' clock alone; then an {@code MGET} of the tombstone's keys when the entry key
   * holds nothing live.
   *
   * @throws CorruptEntryException if the entry under the key cannot be read, as {@link #load} does
   */
  @Override
  public boolean exists(StoreKey key) {
    return load(key).isPresent();
  }

  /**
   * Claims the entry under {@code key} for a callback and leaves a tombstone for duplicate
   * detection, as one atomic step: the contract of {@link
   * dev.parkinglot.spi.TraceContextStore#claim(StoreKey, Consumption)}.
   *
   * <p>One round trip for a value up to {@value RedisClaim#INLINE_MAX} bytes: a Lua script that
   * moves a live entry from the key to its tombstone's keys, so that the key the original Node module
   * reads is empty afterwards, and reads no JSON. A larger value is read by an {@code MGET} after the
   * script. The expiry and the consumed marker are checked here, by this store's clock; a claim of
   * an entry that turns out expired by it is undone.
   *
   * @throws CorruptEntryException if the entry cannot be read; it is deleted (the message says so),
   *     as {@link #take} does
   */
  @Override
  public ClaimResult claim(StoreKey storeKey, Consumption consumption) {
    String key = storeKey.value();
    byte[] rawKey = encodeKey(key);
    Objects.requireNonNull(consumption, "consumption must not be null");
    long at = Math.max(0, consumption.consumedAtMillis());
    long until = consumption.tombstoneExpiresAtMillis();
    long nowMillis = clock.millis();
    long px = Math.max(1, Math.min(MAX_PX_MILLIS, until - nowMillis));
    byte[] tombstoneKey = TombstoneKey.of(rawKey);
    byte[] consumptionKey = TombstoneKey.consumption(rawKey);
    byte[] record = RedisClaim.record(at, until);
    RedisClaim.Reply reply = Objects.requireNonNull(execute("EVALSHA (claim)", key, rawKey,
        (redis, k) -> RedisClaim.claim(redis, k, tombstoneKey, consumptionKey, record, px)));
    switch (reply.outcome) {
      case MOVED:
        return moved(key, rawKey, record, reply.value, nowMillis);
      case TOMBSTONE:
        byte[][] tombstone = reply.value != null ? new byte[][] {reply.value, reply.record}
            : execute("MGET", key, rawKey, (redis, k) -> tombstone(redis, k, false));
        if (tombstone == null) {
          return ClaimResult.notFound();
        }
        StoredTraceContext found = decodeOrDelete(key, rawKey,
            () -> RedisClaim.decodeTombstone(key, tombstone[0], tombstone[1]),
            () -> execute("DEL", key, rawKey,
                (redis, k) -> redis.sendCommand(k, Protocol.Command.DEL, tombstoneKey, consumptionKey)));
        return found.isExpiredAt(nowMillis) ? ClaimResult.notFound() : ClaimResult.duplicate(found);
      default:
        return ClaimResult.notFound();
    }
  }

  /** What a claim moved: decided here, and undone unless it was a live entry or a tombstone. */
  private ClaimResult moved(String key, byte[] rawKey, byte[] record, byte @Nullable [] inline, long nowMillis) {
    byte[] value = inline;
    if (value == null) {
      byte[][] tombstone = execute("MGET", key, rawKey, (redis, k) -> tombstone(redis, k, false));
      if (tombstone == null || !Arrays.equals(tombstone[1], record)) {
        throw new StoreUnavailableException("redis store: the entry of key '" + key + "' was claimed, but its"
            + " tombstone was replaced or deleted before the claim could read it (" + description + ")", null);
      }
      value = tombstone[0];
    }
    byte[] tombstoneKey = TombstoneKey.of(rawKey);
    byte[] consumptionKey = TombstoneKey.consumption(rawKey);
    Runnable undo = () -> execute("EVALSHA (release)", key, rawKey,
        (redis, k) -> RedisClaim.release(redis, tombstoneKey, consumptionKey, record));
    byte[] entryBytes = value;
    StoredTraceContext entry = decodeOrDelete(key, rawKey, () -> JsonWireFormat.decode(key, entryBytes), undo);
    if (entry.isExpiredAt(nowMillis)) {
      // Expired by the store's clock, not yet by Redis': not found, and the move is undone.
      undo.run();
      return ClaimResult.notFound();
    }
    // A tombstone the previous release wrote in place under the key: still a tombstone where it is now.
    return entry.isConsumed() ? ClaimResult.duplicate(entry) : ClaimResult.claimed(entry);
  }

  /** True: {@link #claim} is one script, which Redis runs with nothing in between. */
  @Override
  public boolean claimIsAtomic() {
    return true;
  }

  /** {@code redis}. */
  @Override
  public String name() {
    return "redis";
  }

  /** Decodes; an unreadable value is removed so that it cannot fail every claim, and the message says so. */
  private StoredTraceContext decodeOrDelete(String key, byte[] rawKey,
      Supplier<StoredTraceContext> decode, Runnable remove) {
    try {
      return decode.get();
    } catch (CorruptEntryException corrupt) {
      try {
        remove.run();
      } catch (RuntimeException deleteFailed) {
        corrupt.addSuppressed(deleteFailed);
        throw corrupt;
      }
      throw corrupt.removedFromStore();
    }
  }

  /** Closes the Jedis client if this store created it; a client passed in stays open. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      client.close();
    }
  }

  /** The Jedis client, for tests in this package. */
  UnifiedJedis client() {
    return client;
  }

  /** The endpoint (password shown as {@code ***}) and whether the store owns its client. */
  @Override
  public String toString() {
    return "RedisTraceContextStore{" + description + '}';
  }

  private Optional<StoredTraceContext> live(String key, byte @Nullable [] value) {
    if (value == null) {
      return Optional.empty();
    }
    StoredTraceContext context = JsonWireFormat.decode(key, value);
    return context.isExpiredAt(clock.millis()) ? Optional.empty() : Optional.of(context);
  }

  private Optional<StoredTraceContext> liveTombstone(String key, byte @Nullable [] @Nullable [] value) {
    if (value == null) {
      return Optional.empty();
    }
    StoredTraceContext tombstone = RedisClaim.decodeTombstone(key, value[0], value[1]);
    return tombstone.isExpiredAt(clock.millis()) ? Optional.empty() : Optional.of(tombstone);
  }

  private static byte[] encodeKey(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  @FunctionalInterface
  private interface Command<T> {
    @Nullable T run(UnifiedJedis redis, byte[] key);
  }

  private <T> @Nullable T execute(String command, String key, byte[] rawKey, Command<T> call) {
    if (closed.get()) {
      throw new IllegalStateException("redis store is closed");
    }
    try {
      return call.run(client, rawKey);
    } catch (RuntimeException first) {
      if (!RedisErrors.closedByServer(first)) {
        throw translate(command, key, first);
      }
      dropIdleConnections();
      try {
        return call.run(client, rawKey);
      } catch (RuntimeException second) {
        second.addSuppressed(first);
        throw translate(command, key, second);
      }
    }
  }

  /**
   * Drops the idle pooled connections of a standalone client, so that a retry after a server
   * restart gets a new one rather than the next dead one. Also for a client passed in: idle
   * connections cost nothing to drop, and the dead ones would fail that application's next commands.
   */
  private void dropIdleConnections() {
    try {
      Pool<Connection> pool = RedisClients.poolOf(client);
      if (pool != null) {
        pool.clear();
      }
    } catch (RuntimeException ignored) {
      // Best effort: the retry that follows reports any real failure.
    }
  }

  private RuntimeException translate(String command, String key, RuntimeException failure) {
    if (failure instanceof JedisDataException && RedisErrors.isWrongType(failure)) {
      return new CorruptEntryException(key, "the key holds a Redis value that is not a string", failure);
    }
    String reason = failure instanceof JedisConnectionException ? "cannot reach Redis" : "Redis failed";
    return new StoreUnavailableException(
        "redis store: " + command + " of key '" + key + "' failed, " + reason + " (" + description + "): "
            + RedisErrors.describe(failure),
        failure);
  }

  /**
   * Builds a {@link RedisTraceContextStore} from a URL (the store creates, pools and closes its
   * connections) or from a Jedis client the application owns (the store uses it and never closes
   * it). Connection settings ({@link #user}, {@link #password}, {@link #cluster}, {@link #poolSize},
   * {@link #timeout}) apply to a URL only.
   */
  public static final class Builder {
    private @Nullable String url;
    private @Nullable UnifiedJedis client;
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable Boolean cluster;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable SSLSocketFactory sslSocketFactory;
    private final Set<String> connectionSettings = new TreeSet<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The Redis to connect to: {@code redis://[user:password@]host[:port][/database]}, {@code
     * rediss://…} for TLS, or a comma-separated list of nodes for a cluster ({@code
     * redis://host1:7000,host2:7001}). The scheme may be left out ({@code host:port}). User and
     * password are percent-decoded.
     *
     * @param url the Redis URL
     * @return this builder
     */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url must not be null");
      return this;
    }

    /**
     * A client the application owns and closes: on Jedis 8 a {@code RedisClient} or {@code
     * RedisClusterClient}, on Jedis 5.2 to 7.x a {@code JedisPooled} or {@code JedisCluster}, or any
     * other {@code UnifiedJedis}.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(UnifiedJedis client) {
      this.client = Objects.requireNonNull(client, "client must not be null");
      return this;
    }

    /**
     * The ACL user, when the URL does not name one.
     *
     * @param user the ACL user
     * @return this builder
     */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user must not be null");
      connectionSettings.add("user");
      return this;
    }

    /**
     * The password, when the URL does not carry one. Never shown by {@link #toString()} or in
     * messages.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password must not be null");
      connectionSettings.add("password");
      return this;
    }

    /**
     * Whether the URL points at a Redis Cluster. Without this call the store decides from the URL:
     * a cluster when it lists more than one node.
     *
     * @param cluster whether the URL points at a Redis Cluster
     * @return this builder
     */
    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      connectionSettings.add("cluster");
      return this;
    }

    /**
     * The most connections the pool holds (per node in a cluster); default {@value
     * #DEFAULT_POOL_SIZE}. Size it to the threads that use the store at once.
     *
     * @param poolSize the maximum number of connections
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 1024
     */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1 || poolSize > 1024) {
        throw new IllegalArgumentException("poolSize must be between 1 and 1024, was " + poolSize);
      }
      this.poolSize = poolSize;
      connectionSettings.add("poolSize");
      return this;
    }

    /**
     * The connect timeout, the socket (reply) timeout and the longest wait for a pooled
     * connection; default 2 seconds.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException if not between 1 ms and 10 minutes
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("timeout must be between 1 ms and 10 minutes, was " + timeout);
      }
      this.timeout = timeout;
      connectionSettings.add("timeout");
      return this;
    }

    /**
     * The TLS socket factory for a {@code rediss://} URL, for a private CA or client certificates
     * without touching the JVM-wide trust store; by default the JVM's. Host names are verified
     * either way.
     *
     * @param sslSocketFactory the TLS socket factory
     * @return this builder
     */
    public Builder sslSocketFactory(SSLSocketFactory sslSocketFactory) {
      this.sslSocketFactory = Objects.requireNonNull(sslSocketFactory, "sslSocketFactory must not be null");
      connectionSettings.add("sslSocketFactory");
      return this;
    }

    /**
     * The clock that decides expiry (and the PX of each save); the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Builds the store. A standalone store connects on first use; a cluster store connects now to
     * learn the cluster's slots.
     *
     * @return the new store
     * @throws IllegalArgumentException if neither or both of url and client are set, the URL is
     *     malformed, a setting conflicts with the URL (an SSL socket factory with {@code redis://}),
     *     or connection settings come with a client
     * @throws StoreUnavailableException if the URL names a cluster and no node of it answers
     */
    public RedisTraceContextStore build() {
      if ((url == null) == (client == null)) {
        throw new IllegalArgumentException("set exactly one of url and client, was "
            + (url == null ? "neither" : "both"));
      }
      if (client != null) {
        if (!connectionSettings.isEmpty()) {
          throw new IllegalArgumentException(
              connectionSettings + " apply to a store built from a url; configure them on the client instead");
        }
        String description = "client=" + client.getClass().getSimpleName() + " (not owned)";
        return new RedisTraceContextStore(client, false, clock, description);
      }
      RedisClients.Created created =
          RedisClients.fromUrl(
              Objects.requireNonNull(url), user, password, cluster, poolSize, timeout, sslSocketFactory);
      return new RedisTraceContextStore(created.client(), true, clock, created.description());
    }

    /** The settings, with the password as {@code ***}. */
    @Override
    public String toString() {
      return "RedisTraceContextStore.Builder{url=" + (url == null ? null : RedisEndpoint.redact(url))
          + (client == null ? "" : ", client=" + client.getClass().getSimpleName())
          + (user == null ? "" : ", user=" + user)
          + (password == null ? "" : ", password=***")
          + ", cluster=" + (cluster == null ? "auto" : cluster) + ", poolSize=" + poolSize
          + ", timeout=" + timeout + '}';
    }
  }
}
