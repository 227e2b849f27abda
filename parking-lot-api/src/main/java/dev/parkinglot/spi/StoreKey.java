package dev.parkinglot.spi;

import dev.parkinglot.ParkingLotLimits;
import org.jspecify.annotations.Nullable;

/*
 * Why a value and not a String: the key is checked once, where it is made (the lot makes one per
 * operation from a prefix it checked once), and every store takes it as it is. A store that keeps
 * entries by the two parts (the memory store shares one prefix String among all its keys) reads
 * prefix() and correlationKey(); a server store reads value(), the joined form, built on first use
 * and then kept (a String is immutable, so a racing first build costs at most a second concat).
 * equals and hashCode are those of value() but never build it, so a key is a cheap map key.
 */

/**
 * The key of one entry in a {@link TraceContextStore}: a lot's key prefix and a correlation key,
 * each checked when the key is made ({@link ParkingLotLimits#checkKeyPrefix(String)} and {@link
 * ParkingLotLimits#checkCorrelationKey(String)}), so that a store never checks it again. The store
 * entry's key is {@link #value()}, the prefix followed by the correlation key; two keys are equal
 * when their values are.
 *
 * <pre>{@code
 * StoreKey.Prefix lot = StoreKey.prefix("parkingLot:");   // checked once
 * StoreKey key = lot.key("payment:order-1042");            // checks the correlation key
 * store.save(key, context);                                // stored under "parkingLot:payment:order-1042"
 * }</pre>
 */
public final class StoreKey {
  /** 31^n as int arithmetic, for every length a correlation key can have. */
  private static final int[] POWERS_OF_31 = new int[ParkingLotLimits.MAX_READ_CORRELATION_KEY_LENGTH + 1];

  static {
    POWERS_OF_31[0] = 1;
    for (int i = 1; i < POWERS_OF_31.length; i++) {
      POWERS_OF_31[i] = POWERS_OF_31[i - 1] * 31;
    }
  }

  private final String prefix;
  private final String correlationKey;
  private @Nullable String value;

  private StoreKey(String prefix, String correlationKey) {
    this.prefix = prefix;
    this.correlationKey = correlationKey;
  }

  /**
   * A key of {@code correlationKey} under {@code prefix}, both checked.
   *
   * @param prefix the key prefix, may be empty
   * @param correlationKey the correlation key
   * @return the key
   * @throws NullPointerException if either is null
   * @throws IllegalArgumentException if either breaks its limit
   */
  public static StoreKey of(String prefix, String correlationKey) {
    return prefix(prefix).key(correlationKey);
  }

  /**
   * A key with no prefix: {@code of("", correlationKey)}.
   *
   * @param correlationKey the correlation key
   * @return the key
   * @throws NullPointerException if {@code correlationKey} is null
   * @throws IllegalArgumentException if it breaks {@link ParkingLotLimits#checkCorrelationKey(String)}
   */
  public static StoreKey of(String correlationKey) {
    return Prefix.NONE.key(correlationKey);
  }

  /**
   * A checked prefix that makes keys: a lot makes one and checks only the correlation key of each
   * operation.
   *
   * @param prefix the key prefix, may be empty
   * @return the prefix
   * @throws NullPointerException if {@code prefix} is null
   * @throws IllegalArgumentException if it breaks {@link ParkingLotLimits#checkKeyPrefix(String)}
   */
  public static Prefix prefix(String prefix) {
    return ParkingLotLimits.checkKeyPrefix(prefix).isEmpty() ? Prefix.NONE : new Prefix(prefix);
  }

  /**
   * The lot's key prefix, as given (for example {@code parkingLot:}).
   *
   * @return the prefix, possibly empty
   */
  public String prefix() {
    return prefix;
  }

  /**
   * The correlation key, as the application gave it.
   *
   * @return the correlation key, never blank
   */
  public String correlationKey() {
    return correlationKey;
  }

  /**
   * The store entry's key: {@link #prefix()} followed by {@link #correlationKey()}, built on first
   * use: at most {@link ParkingLotLimits#MAX_STORE_KEY_LENGTH} chars for a key made by {@link
   * Prefix#key(String)}, at most {@value ParkingLotLimits#MAX_KEY_PREFIX_LENGTH} plus {@value
   * ParkingLotLimits#MAX_READ_CORRELATION_KEY_LENGTH} for one made by {@link Prefix#readKey(String)}.
   *
   * @return the joined key
   */
  public String value() {
    String joined = value;
    if (joined == null) {
      joined = prefix.isEmpty() ? correlationKey : prefix.concat(correlationKey);
      value = joined;
    }
    return joined;
  }

  /**
   * Whether {@code other} is a key with the same {@link #value()}.
   *
   * @param other the object to compare with
   * @return true for a key of the same store entry
   */
  @Override
  public boolean equals(@Nullable Object other) {
    if (other == this) {
      return true;
    }
    if (!(other instanceof StoreKey)) {
      return false;
    }
    StoreKey that = (StoreKey) other;
    if (prefix == that.prefix || prefix.equals(that.prefix)) {
      return correlationKey.equals(that.correlationKey);
    }
    int length = prefix.length() + correlationKey.length();
    if (length != that.prefix.length() + that.correlationKey.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (charAt(i) != that.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The char at {@code index} of {@link #value()}, without building it. */
  private char charAt(int index) {
    int split = prefix.length();
    return index < split ? prefix.charAt(index) : correlationKey.charAt(index - split);
  }

  /**
   * The hash of {@link #value()}, worked out from the parts' own (cached) hashes without building
   * it: {@code String.hashCode} is a polynomial in 31, so hash(p + k) = hash(p) * 31^len(k) + hash(k).
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return prefix.hashCode() * POWERS_OF_31[correlationKey.length()] + correlationKey.hashCode();
  }

  /**
   * The joined key, as {@link #value()}.
   *
   * @return the joined key
   */
  @Override
  public String toString() {
    return value();
  }

  /** A checked key prefix; {@link #key(String)} makes the keys under it. */
  public static final class Prefix {
    static final Prefix NONE = new Prefix("");

    private final String value;

    private Prefix(String value) {
      this.value = value;
    }

    /**
     * The key of {@code correlationKey} under this prefix.
     *
     * @param correlationKey the correlation key
     * @return the key
     * @throws NullPointerException if {@code correlationKey} is null
     * @throws IllegalArgumentException if it breaks {@link ParkingLotLimits#checkCorrelationKey(String)}
     */
    public StoreKey key(String correlationKey) {
      return new StoreKey(value, ParkingLotLimits.checkCorrelationKey(correlationKey));
    }

    /**
     * The key of {@code correlationKey} under this prefix, to look an entry up with (load, take,
     * claim, exists, delete; never save): the correlation key is held to the read bound {@link
     * ParkingLotLimits#checkReadCorrelationKey(String)}, longer than the write limit, so that an entry
     * another writer (the original npm module) parked under a longer key can be claimed.
     *
     * @param correlationKey the correlation key
     * @return the key
     * @throws NullPointerException if {@code correlationKey} is null
     * @throws IllegalArgumentException if it breaks {@link ParkingLotLimits#checkReadCorrelationKey(String)}
     */
    public StoreKey readKey(String correlationKey) {
      return new StoreKey(value, ParkingLotLimits.checkReadCorrelationKey(correlationKey));
    }

    /**
     * The prefix.
     *
     * @return the prefix, possibly empty
     */
    public String value() {
      return value;
    }

    /**
     * The prefix, as {@link #value()}.
     *
     * @return the prefix
     */
    @Override
    public String toString() {
      return value;
    }
  }
}
