package dev.parkinglot.tck;

import dev.parkinglot.spi.StoreKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/*
 * Why the prefix and the name are random rather than derived from the rule: servers are shared by
 * helpers, CI runs and developers, and never assumed clean. Ten base-36 characters from a
 * SecureRandom make a collision between two runs practically impossible, and the same token in the
 * prefix and the name lets a person match a table to the keys it held.
 */

/**
 * What {@link TraceContextStoreTck#createStore(TckContext)} needs to build a store for one rule:
 * the clock to create it with, a fresh key prefix, and a unique name for a table or namespace.
 *
 * <p>Every rule gets a new context. The store must read time only from {@link #clock()}: the TCK
 * moves that clock to drive expiry ({@link TckClock}), except in {@code stochastic_} rules that wait
 * for a backend's own expiry, where it is the system clock. Within one rule, {@code createStore} may
 * be called more than once with the same context (a second instance, or one on the system clock);
 * every such store must use the same backend namespace ({@link #name()}), so creating a table must
 * be idempotent.
 *
 * <pre>{@code
 * protected TraceContextStore createStore(TckContext context) {
 *   return MyStore.builder()
 *       .url(TckBackends.redisUrl())
 *       .namespace(context.name())
 *       .clock(context.clock())
 *       .build();
 * }
 * }</pre>
 */
public final class TckContext {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
  private static final int TOKEN_LENGTH = 10;

  private final String ruleName;
  private final String token;
  private final Clock clock;

  private TckContext(String ruleName, String token, Clock clock) {
    this.ruleName = ruleName;
    this.token = token;
    this.clock = clock;
  }

  /**
   * A context with a new random token.
   *
   * @param ruleName the rule's method name, for messages and logs
   * @param clock the clock stores of this context are created with
   * @throws NullPointerException if an argument is null
   */
  static TckContext create(String ruleName, Clock clock) {
    return new TckContext(
        Objects.requireNonNull(ruleName, "ruleName must not be null"),
        randomToken(),
        Objects.requireNonNull(clock, "clock must not be null"));
  }

  /** The same rule, prefix and name, with another clock. */
  TckContext withClock(Clock otherClock) {
    return new TckContext(ruleName, token, otherClock);
  }

  /**
   * The clock the store must be created with and must read time from.
   *
   * @return a {@link TckClock} the TCK drives, or the system clock in rules that wait for a backend
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The rule this context belongs to, such as {@code required_ttl03_expiredEntryIsNeverLoaded}.
   *
   * @return the rule's method name
   */
  public String ruleName() {
    return ruleName;
  }

  /**
   * The key prefix of this rule, such as {@code tck-k3v9x0q2mb:}: {@code tck-}, ten lowercase
   * letters or digits, and a colon. Every key the rule uses starts with it (except in the rule
   * about prefixes, which adds a second one).
   *
   * @return the key prefix
   */
  public String keyPrefix() {
    return "tck-" + token + ":";
  }

  /**
   * The store key for {@code correlationKey} under {@link #keyPrefix()}.
   *
   * @param correlationKey the correlation key
   * @return the key
   * @throws IllegalArgumentException if {@code correlationKey} breaks {@link
   *     dev.parkinglot.ParkingLotLimits#checkCorrelationKey(String)}
   */
  public StoreKey key(String correlationKey) {
    return StoreKey.of(keyPrefix(), Objects.requireNonNull(correlationKey, "correlationKey must not be null"));
  }

  /**
   * A unique name for a table, key space or namespace, such as {@code tck_k3v9x0q2mb}: starts with a
   * letter, lowercase letters, digits and one underscore, 14 characters. Valid unquoted as a table
   * name in PostgreSQL, MariaDB and H2, and as a DynamoDB table name.
   *
   * @return the namespace name
   */
  public String name() {
    return "tck_" + token;
  }

  @Override
  public String toString() {
    return "TckContext{rule=" + ruleName + ", prefix=" + keyPrefix() + ", name=" + name() + ", clock=" + clock + '}';
  }

  /** Ten random characters from {@code [0-9a-z]}. */
  static String randomToken() {
    char[] chars = new char[TOKEN_LENGTH];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }
}
