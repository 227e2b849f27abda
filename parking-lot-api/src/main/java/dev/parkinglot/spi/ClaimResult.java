package dev.parkinglot.spi;

import dev.parkinglot.StoredTraceContext;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a {@link TraceContextStore#claim claim} found. */
public final class ClaimResult {
  /** The outcome of a claim. */
  public enum Status {
    /** A live entry was consumed by this claim, the first; a tombstone now stands in its place. */
    CLAIMED,
    /** A tombstone was found: an earlier claim consumed the entry; this is a redelivery. */
    DUPLICATE,
    /** Nothing live under the key: never parked, expired, or deleted. */
    NOT_FOUND
  }

  private static final ClaimResult NOT_FOUND = new ClaimResult(Status.NOT_FOUND, null);

  private final Status status;
  private final @Nullable StoredTraceContext context;

  private ClaimResult(Status status, @Nullable StoredTraceContext context) {
    this.status = status;
    this.context = context;
  }

  /**
   * This claim consumed {@code context}, the live entry as it was before the claim.
   *
   * @param context the live entry as it was before the claim
   * @return a result with status {@link Status#CLAIMED}
   */
  public static ClaimResult claimed(StoredTraceContext context) {
    return new ClaimResult(Status.CLAIMED, Objects.requireNonNull(context, "context must not be null"));
  }

  /**
   * An earlier claim consumed the entry; {@code tombstone} is what it left.
   *
   * @param tombstone the tombstone the earlier claim left
   * @return a result with status {@link Status#DUPLICATE}
   */
  public static ClaimResult duplicate(StoredTraceContext tombstone) {
    return new ClaimResult(Status.DUPLICATE, Objects.requireNonNull(tombstone, "tombstone must not be null"));
  }

  /**
   * Nothing live under the key.
   *
   * @return a result with status {@link Status#NOT_FOUND}
   */
  public static ClaimResult notFound() {
    return NOT_FOUND;
  }

  /**
   * What the claim found.
   *
   * @return the outcome
   */
  public Status status() {
    return status;
  }

  /**
   * The context: the live entry for {@link Status#CLAIMED}, the tombstone (still carrying the
   * original ids, times and metadata) for {@link Status#DUPLICATE}, empty for {@link
   * Status#NOT_FOUND}.
   *
   * @return the context, or empty when nothing was found
   */
  public Optional<StoredTraceContext> context() {
    return Optional.ofNullable(context);
  }

  /**
   * {@link #context()} without the {@code Optional}, for callers on a hot path.
   *
   * @return the claimed entry or the tombstone, or null for {@link Status#NOT_FOUND}
   */
  public @Nullable StoredTraceContext contextOrNull() {
    return context;
  }

  @Override
  public String toString() {
    return "ClaimResult{" + status + (context == null ? "" : ", " + context) + '}';
  }
}
