package dev.parkinglot;

import java.util.Objects;
import java.util.Set;

/**
 * Which metadata entries are copied into span attributes and events as {@code
 * parking_lot.metadata.<key>}. Metadata is always parked and returned in full; this decides only
 * what reaches the tracing backend, for metadata that must not (customer ids, emails).
 */
public final class MetadataAttributes {
  private static final MetadataAttributes ALL = new MetadataAttributes(true, Set.of());
  private static final MetadataAttributes NONE = new MetadataAttributes(false, Set.of());

  private final boolean all;
  private final Set<String> keys;

  private MetadataAttributes(boolean all, Set<String> keys) {
    this.all = all;
    this.keys = keys;
  }

  /** Every metadata entry becomes an attribute; the original's behaviour and the default. */
  public static MetadataAttributes all() {
    return ALL;
  }

  /** No metadata reaches span attributes or events. */
  public static MetadataAttributes none() {
    return NONE;
  }

  /**
   * Only the named keys become attributes.
   *
   * @throws NullPointerException if {@code keys} or one of its elements is null
   */
  public static MetadataAttributes only(Set<String> keys) {
    return new MetadataAttributes(false, Set.copyOf(Objects.requireNonNull(keys, "keys must not be null")));
  }

  /** Whether the entry under {@code key} is copied into attributes. */
  public boolean includes(String key) {
    return all || keys.contains(key);
  }

  /** Whether no entry is ever copied. */
  public boolean isNone() {
    return !all && keys.isEmpty();
  }

  @Override
  public String toString() {
    return all ? "MetadataAttributes.all()" : isNone() ? "MetadataAttributes.none()" : "MetadataAttributes.only(" + keys + ")";
  }
}
