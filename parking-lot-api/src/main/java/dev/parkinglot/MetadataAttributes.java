package dev.parkinglot;

import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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

  /**
   * Every metadata entry becomes an attribute; the original's behaviour and the default.
   *
   * @return the policy that copies every entry
   */
  public static MetadataAttributes all() {
    return ALL;
  }

  /**
   * No metadata reaches span attributes or events.
   *
   * @return the policy that copies no entry
   */
  public static MetadataAttributes none() {
    return NONE;
  }

  /**
   * Only the named keys become attributes; the set is copied. An empty set is {@link #none()}.
   *
   * @param keys the metadata keys to copy
   * @return the policy that copies only those keys
   * @throws NullPointerException if {@code keys} or one of its elements is null
   */
  public static MetadataAttributes only(Set<String> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    for (String key : keys) {
      Objects.requireNonNull(key, "keys must not contain null");
    }
    return keys.isEmpty() ? NONE : new MetadataAttributes(false, Set.copyOf(keys));
  }

  /**
   * Whether the entry under {@code key} is copied into attributes.
   *
   * @param key a metadata key
   * @return true when the entry is copied
   */
  public boolean includes(String key) {
    return all || keys.contains(key);
  }

  /**
   * Whether no entry is ever copied.
   *
   * @return true when this policy copies nothing
   */
  public boolean isNone() {
    return !all && keys.isEmpty();
  }

  /** Policies are equal when they include the same keys. */
  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof MetadataAttributes)) {
      return false;
    }
    MetadataAttributes that = (MetadataAttributes) other;
    return all == that.all && keys.equals(that.keys);
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(all) * 31 + keys.hashCode();
  }

  @Override
  public String toString() {
    return all ? "MetadataAttributes.all()" : isNone() ? "MetadataAttributes.none()" : "MetadataAttributes.only(" + keys + ")";
  }
}
